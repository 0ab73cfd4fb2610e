"""Exports of facts and stories (JSON Lines, CSV) and the export commands that write them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from armswatch.cli import cli
from armswatch.export.records import FACT_FIELDS, STORY_FIELDS, export_facts, export_stories, flag_label
from armswatch.store import open_store


def test_fact_jsonl_has_the_table_fields_and_flags(db: Path) -> None:
    out = io.StringIO()
    with open_store(db, readonly=True) as store:
        n = export_facts(store.read, out, format="jsonl")
        facts = list(store.read.facts())
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(records) == len(facts) == 10
    assert all(list(r) == list(FACT_FIELDS) for r in records)
    assert [r["fact_id"] for r in records] == [f["fact_id"] for f in facts]
    flagged = [r for r in records if r["flags"]]
    assert flagged and set(flagged[0]["flags"][0]) == {
        "regime",
        "resolution",
        "clause",
        "status",
        "reasoning",
    }


def test_fact_csv_flattens_lists_and_flags(db: Path) -> None:
    out = io.StringIO()
    with open_store(db, readonly=True) as store:
        export_facts(store.read, out, format="csv", flagged=True)
        facts = list(store.read.facts(flagged=True))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(facts)
    for row, fact in zip(rows, facts, strict=True):
        assert row["source"] == ";".join(fact["source"])
        assert row["flags"] == ";".join(flag_label(f) for f in fact["flags"])
        assert row["flags"].startswith("breach " if fact["status"] == "reported" else "alleged_breach ")


def test_flag_label() -> None:
    flag = {"status": "breach", "regime": "dprk", "resolution": "1718", "clause": "§8(b)", "reasoning": "r"}
    assert flag_label(flag) == "breach 1718 §8(b)"
    assert (
        flag_label({"status": "contested", "regime": "iran", "resolution": "", "clause": ""})
        == "contested iran"
    )


def test_stories_export(db: Path) -> None:
    out = io.StringIO()
    with open_store(db, readonly=True) as store:
        n = export_stories(store.read, out, format="jsonl")
        stories = list(store.read.stories())
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(stories) == len(records) > 0
    assert records == [{k: s[k] for k in STORY_FIELDS} for s in stories]


def test_cli_export_facts_and_stories(db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["export", "facts", "--db", str(db), "--source", "PRK", "--type", "arms_transfer"]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3 and all(r["source"] == ["PRK"] for r in records)
    result = runner.invoke(cli, ["export", "facts", "--db", str(db), "--unflagged", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(row["flags"] == "" for row in rows)
    result = runner.invoke(cli, ["export", "stories", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ",".join(STORY_FIELDS)
