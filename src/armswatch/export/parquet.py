"""Parquet exports (pyarrow, the optional ``[parquet]`` extra) of the export records.

Each ``export_*_parquet`` writes the same rows, with the same fields, as the JSONL export of its
kind; pyarrow is imported only when a Parquet file is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from armswatch.export.records import (
    ARTICLE_FIELDS,
    EVENT_FIELDS,
    FACT_FIELDS,
    FLAG_FIELDS,
    STORY_FIELDS,
    article_records,
    event_records,
    fact_records,
    story_records,
)

if TYPE_CHECKING:
    from armswatch.store.interface import Reader

_PARQUET_HINT = "Parquet export needs pyarrow: pip install 'armswatch[parquet]'"
#: Rows per Parquet row group: bounded memory however large the export.
PARQUET_BATCH = 10_000

#: Column types that are not plain strings (names shared by the record kinds).
_INT_COLUMNS = frozenset(
    {"evidence_start", "evidence_end", "n_events", "n_outlets", "n_contradictions", "n_articles"}
)
_FLOAT_COLUMNS = frozenset({"confidence"})
_LIST_COLUMNS = frozenset(
    {"source", "target", "weapons", "quantities", "contradicted_by", "event_ids", "doc_ids", "urls"}
)


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ModuleNotFoundError(_PARQUET_HINT) from exc
    return pa, pq


def _arrow_schema(pa: Any, fields: Sequence[str]) -> Any:
    columns = []
    for name in fields:
        if name in _INT_COLUMNS:
            kind = pa.int64()
        elif name in _FLOAT_COLUMNS:
            kind = pa.float64()
        elif name in _LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif name == "flags":
            kind = pa.list_(pa.struct([(k, pa.string()) for k in FLAG_FIELDS]))
        else:
            kind = pa.string()
        columns.append(pa.field(name, kind))
    return pa.schema(columns)


def write_parquet(records: Iterable[dict[str, Any]], fields: Sequence[str], path: str | Path) -> int:
    """Write records to a Parquet file in row groups of ``PARQUET_BATCH``; return the count.

    Lists stay lists (``list<string>``), so a frame read back has the same cells as JSONL.
    """
    pa, pq = _arrow()
    schema = _arrow_schema(pa, fields)
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append({name: record[name] for name in fields})
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        # An empty export still gets a file with the schema, which readers open as zero rows.
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def export_articles_parquet(reader: Reader, path: str | Path, **filters: Any) -> int:
    """Write articles to a Parquet file (the JSONL export's fields); return the count."""
    return write_parquet(article_records(reader, **filters), ARTICLE_FIELDS, path)


def export_events_parquet(reader: Reader, path: str | Path, **filters: Any) -> int:
    """Write events to a Parquet file (the JSONL export's fields); return the count."""
    return write_parquet(event_records(reader, **filters), EVENT_FIELDS, path)


def export_facts_parquet(reader: Reader, path: str | Path, **filters: Any) -> int:
    """Write facts to a Parquet file, flags as a list of structs; return the count."""
    return write_parquet(fact_records(reader, **filters), FACT_FIELDS, path)


def export_stories_parquet(reader: Reader, path: str | Path, **filters: Any) -> int:
    """Write stories to a Parquet file; return the count."""
    return write_parquet(story_records(reader, **filters), STORY_FIELDS, path)
