"""``armswatch explain EVENT_ID``: an ingested event with its rule trail, one step a line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from armswatch.events.adjust import ATTRIBUTION, FACTUALITY, TRAIL_SEPARATOR, trail

# Written for this test: a deal, and a judgement of it that names no target of its own.
STORY = """Egypt signs a contract for Russian jets

CAIRO, 2 March 2024 — Egypt signed a contract under which Russia will supply 24 fighter jets to \
the Egyptian air force, officials said on Saturday.

France condemned the deal as dangerous.
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "armswatch", *args], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("explain")
    (root / "docs").mkdir()
    (root / "docs" / "2024-03-02_egypt_jets.txt").write_text(STORY, encoding="utf-8")
    path = root / "t.db"
    result = run("ingest", str(root / "docs"), "--db", str(path), "--no-progress")
    assert result.returncode == 0, result.stderr
    return path


def _events(db: Path) -> list[dict[str, object]]:
    result = run("export", "events", "--db", str(db), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_explain_prints_the_record_the_trail_and_the_evidence(db: Path) -> None:
    (event,) = [e for e in _events(db) if e["type"] == "accusation"]
    rule = str(event["rule"])
    assert TRAIL_SEPARATOR in rule  # the judged deal and the speaker are steps of their own
    result = run("explain", str(event["event_id"]), "--db", str(db))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"event       {event['event_id']}")
    assert "type        accusation" in lines
    assert "parties     FRA -> RUS" in lines
    assert "factuality  certain" in lines
    assert "attributed  FRA" in lines
    steps = rule.split(TRAIL_SEPARATOR)
    at = lines.index("rule trail:")
    assert lines[at + 1] == f"  1. {steps[0]}  (cue)"
    assert lines[at + 2 : at + 1 + len(steps)] == [f"  {n}. {s}" for n, s in enumerate(steps[1:], 2)]
    assert lines[-1] == "  France condemned the deal as dangerous."


def test_explain_unknown_event_is_a_one_line_error(db: Path) -> None:
    result = run("explain", "0000000000000000", "--db", str(db))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [f"Error: no event '0000000000000000' in {db}"]


def test_rule_trail_joins_the_cue_rule_and_its_steps() -> None:
    assert trail("demand:act_on:verb:urge", []) == "demand:act_on:verb:urge"
    assert trail("x:y:verb:z", ["a", "b"]) == "x:y:verb:z > a > b"
    names = [name for name, _ in (*FACTUALITY, *ATTRIBUTION)]
    assert len(names) == len(set(names))
