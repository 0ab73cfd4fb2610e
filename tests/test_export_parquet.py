"""Parquet exports: the same rows as JSON Lines, read back with pyarrow."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from armswatch import export as ex
from armswatch.cli import cli
from armswatch.export import parquet
from armswatch.export.records import EVENT_FIELDS
from armswatch.store import open_store


def _jsonl(write: Callable[..., int], db: Path, **kw: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    with open_store(db, readonly=True) as store:
        write(store.read, out, format="jsonl", **kw)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _parquet(write: Callable[..., int], db: Path, path: Path, **kw: Any) -> list[dict[str, Any]]:
    with open_store(db, readonly=True) as store:
        n = write(store.read, path, **kw)
    rows = pq.read_table(path).to_pylist()
    assert n == len(rows)
    return rows


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        (ex.export_articles, ex.export_articles_parquet),
        (ex.export_events, ex.export_events_parquet),
        (ex.export_facts, ex.export_facts_parquet),
        (ex.export_stories, ex.export_stories_parquet),
    ],
    ids=["articles", "events", "facts", "stories"],
)
def test_parquet_rows_equal_jsonl_rows(
    db: Path, tmp_path: Path, text: Callable[..., int], binary: Callable[..., int]
) -> None:
    expected = _jsonl(text, db)
    assert expected
    assert _parquet(binary, db, tmp_path / "out.parquet") == expected


def test_parquet_keeps_filters_and_list_columns(db: Path, tmp_path: Path) -> None:
    rows = _parquet(ex.export_events_parquet, db, tmp_path / "e.parquet", source="PRK", type="arms_transfer")
    assert rows == _jsonl(ex.export_events, db, source="PRK", type="arms_transfer")
    assert len(rows) == 4
    assert all(r["source"] == ["PRK"] and isinstance(r["weapons"], list) for r in rows)
    schema = pq.read_schema(tmp_path / "e.parquet")
    assert str(schema.field("weapons").type) == "list<element: string>"
    assert str(schema.field("evidence_start").type) == "int64"
    assert str(schema.field("confidence").type) == "double"


def test_parquet_writes_row_groups(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parquet, "PARQUET_BATCH", 3)
    rows = _parquet(ex.export_events_parquet, db, tmp_path / "e.parquet")
    assert rows == _jsonl(ex.export_events, db)
    assert pq.ParquetFile(tmp_path / "e.parquet").num_row_groups == -(-len(rows) // 3)


def test_empty_export_is_a_readable_file_with_columns(db: Path, tmp_path: Path) -> None:
    rows = _parquet(ex.export_events_parquet, db, tmp_path / "e.parquet", source="nobody")
    assert rows == []
    assert pq.read_schema(tmp_path / "e.parquet").names == list(EVENT_FIELDS)


def test_missing_pyarrow_is_a_clear_error(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with (
        open_store(db, readonly=True) as store,
        pytest.raises(ModuleNotFoundError, match=r"armswatch\[parquet\]"),
    ):
        ex.export_events_parquet(store.read, tmp_path / "e.parquet")


def test_cli_parquet_needs_an_output_file(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "events", "--db", str(db), "--format", "parquet"])
    assert result.exit_code == 2
    assert "--output FILE" in result.output
    target = tmp_path / "facts.parquet"
    result = runner.invoke(
        cli, ["export", "facts", "--db", str(db), "--format", "parquet", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert pq.read_table(target).to_pylist() == _jsonl(ex.export_facts, db)
