"""The facts, fact, stories and rebuild commands."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from armswatch.cli import cli
from armswatch.store import open_store
from armswatch.stories import update
from stories_support import SUMMIT_A, SUMMIT_B, article, event, save


def build(path: Path) -> str:
    with open_store(path) as store:
        save(store, article("a", SUMMIT_A, outlet="Wire A"), [event("a", SUMMIT_A, date="2023-09")])
        claim = event("b", SUMMIT_B, SUMMIT_B.split(". ")[2], factuality="possible")
        save(store, article("b", SUMMIT_B, published="2023-09-14", outlet="Paper B"), [claim])
        update(store)
        return str(next(store.read.facts())["fact_id"])


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_facts_lists_corroborated_facts(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    fact_id = build(db)
    out = run("facts", "--db", str(db))
    assert fact_id in out and "PRK → RUS" in out and "reported" in out
    assert "breach: UNSCR 1874 §9" in out
    assert fact_id in run("facts", "--db", str(db), "--status", "reported")
    assert fact_id not in run("facts", "--db", str(db), "--status", "claimed")
    assert fact_id not in run("facts", "--db", str(db), "--unflagged")
    assert fact_id in run("facts", "--db", str(db), "--source", "PRK", "--weapon", "ammunition")


def test_cli_fact_shows_the_evidence(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    fact_id = build(db)
    out = run("fact", fact_id, "--db", str(db))
    assert "2 independent outlets" in out
    assert "status reported: asserted by an uninvolved voice" in out
    assert "Wire A" in out and "Paper B" in out and "support" in out
    assert "arms_transfer PRK→RUS, ammunition, 2023-09: UNSCR 1874 §9" in out
    result = CliRunner().invoke(cli, ["fact", "nope", "--db", str(db)])
    assert result.exit_code == 1 and "no fact 'nope'" in result.output


def test_cli_stories_and_rebuild(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    build(db)
    out = run("stories", "--db", str(db))
    assert "Kim Jong Un met Vladimir Putin" in out
    out = run("rebuild", "--db", str(db), "--no-progress")
    assert "rebuild" in out and "2" in out
    assert "PRK → RUS" in run("facts", "--db", str(db))
    result = CliRunner().invoke(cli, ["rebuild", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1 and "no such database file" in result.output
