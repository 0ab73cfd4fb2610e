"""Exports of stored articles, events, facts and stories, and of the actor graph.

Stage contract: a store's :class:`~armswatch.store.interface.Reader` in, records streamed to a
text stream (or a Parquet file) out. ``export events --format jsonl`` is what
``shared/eval/score.py`` reads: the contract's fields first, then extras it ignores. Each text
format is one writer function in ``TEXT_WRITERS``; Parquet (pyarrow, the optional ``[parquet]``
extra) gets its own ``export_*_parquet`` function over the same ``*_records`` generators, so
both hold the same rows. The actor graph lives in :mod:`armswatch.store.graph` and
PLOVER/POLECAT records in :mod:`armswatch.store.plover`. Nothing here writes to the database.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from armswatch.store.fields import FACT_FIELDS as FACT_COLUMNS

if TYPE_CHECKING:
    from armswatch.store.interface import Reader

#: Article fields exported: the gold set's fields, then extras.
ARTICLE_FIELDS: tuple[str, ...] = (
    "doc_id",
    "title",
    "published",
    "outlet",
    "body",
    "story",
    "url",
    "published_evidence",
)

#: Event fields exported: the contract's fields, then extras the scorer ignores.
EVENT_FIELDS: tuple[str, ...] = (
    "doc_id",
    "type",
    "source",
    "target",
    "weapons",
    "factuality",
    "attributed_to",
    "date",
    "location",
    "evidence",
    "event_id",
    "evidence_start",
    "evidence_end",
    "plover_code",
    "plover_mode",
    "confidence",
    "rule",
)

#: Separator of list items in a CSV cell (actor ids and weapon categories never contain it).
CSV_LIST_SEPARATOR = ";"

# JSON allows these raw inside strings, but str.splitlines() and JavaScript line readers
# break lines at them; escaping keeps one record per line for every reader.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}

RecordWriter = Callable[[Iterable[dict[str, Any]], Sequence[str], TextIO], int]


def write_jsonl(records: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    """Write one JSON object per line (UTF-8 text, not ASCII-escaped); return the count."""
    n = 0
    for record in records:
        line = json.dumps({name: record[name] for name in fields}, ensure_ascii=False)
        for char, escape in _LINE_BREAKS.items():
            if char in line:
                line = line.replace(char, escape)
        out.write(line + "\n")
        n += 1
    return n


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return CSV_LIST_SEPARATOR.join(str(item) for item in value)
    return value


def write_csv(records: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    """Write a header row and one row per record, lists joined by ``;``; return the count.

    Open ``out`` with ``newline=""`` when it is a file, as the csv module asks.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    n = 0
    for record in records:
        writer.writerow([_csv_cell(record[name]) for name in fields])
        n += 1
    return n


#: Text formats by name.
TEXT_WRITERS: dict[str, RecordWriter] = {"csv": write_csv, "jsonl": write_jsonl}

#: Format names accepted by :func:`export_articles` and :func:`export_events`.
FORMATS: tuple[str, ...] = tuple(sorted(TEXT_WRITERS))


def _writer(format: str) -> RecordWriter:
    try:
        return TEXT_WRITERS[format]
    except KeyError:
        raise ValueError(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}") from None


def article_records(reader: Reader, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield articles as export records (``published`` cut to ``YYYY-MM-DD``), by doc_id.

    ``filters`` are those of ``Reader.articles`` (since, until, outlet, q, limit).
    """
    for article in reader.articles(**filters):
        published = article["published"]
        yield {**article, "published": published[:10] if published else None}


def event_records(reader: Reader, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield events as export records, ordered by doc_id, evidence_start, type.

    ``filters`` are those of ``Reader.events`` (type, source, target, actor, weapon, ...).
    """
    yield from reader.events(**filters)


def export_articles(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored articles to ``out`` as ``jsonl`` or ``csv``; return how many were written."""
    return _writer(format)(article_records(reader, **filters), ARTICLE_FIELDS, out)


def export_events(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored events to ``out`` as ``jsonl`` (the contract) or ``csv``; return the count."""
    return _writer(format)(event_records(reader, **filters), EVENT_FIELDS, out)


# --- facts and stories -------------------------------------------------------------------

#: Fact fields exported: the facts table's columns, then the fact's flags.
FACT_FIELDS: tuple[str, ...] = (*FACT_COLUMNS, "flags")

#: Story fields exported: the stories table's columns.
STORY_FIELDS: tuple[str, ...] = (
    "story_id",
    "label",
    "first_published",
    "last_published",
    "n_articles",
    "n_outlets",
    "updated_at",
)

#: Fields of a flag as it appears inside a fact.
FLAG_FIELDS: tuple[str, ...] = ("regime", "resolution", "clause", "status", "reasoning")


def flag_label(flag: dict[str, Any]) -> str:
    """One-line form of a flag for CSV cells and tables: ``breach UNSCR 1718 §8(b)``."""
    where = " ".join(str(flag[k]) for k in ("resolution", "clause") if flag.get(k))
    return f"{flag.get('status') or ''} {where or flag.get('regime') or ''}".strip()


def fact_records(reader: Reader, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield facts as export records, strongest first (the order of ``Reader.facts``).

    ``filters`` are those of ``Reader.facts`` (type, source, target, actor, weapon, factuality,
    since, until, flagged, limit, offset).
    """
    for fact in reader.facts(**filters):
        record = {name: fact.get(name) for name in FACT_FIELDS}
        record["flags"] = [{k: flag.get(k) for k in FLAG_FIELDS} for flag in fact.get("flags") or ()]
        yield record


def story_records(reader: Reader, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield stories as export records (``filters``: limit, offset)."""
    for story in reader.stories(**filters):
        yield {name: story.get(name) for name in STORY_FIELDS}


def _flat_flags(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        yield {**record, "flags": [flag_label(flag) for flag in record["flags"]]}


def export_facts(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write facts to ``out`` as ``jsonl`` or ``csv`` (flags as ``status resolution clause``)."""
    writer = _writer(format)
    records = fact_records(reader, **filters)
    return writer(_flat_flags(records) if format == "csv" else records, FACT_FIELDS, out)


def export_stories(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stories to ``out`` as ``jsonl`` or ``csv``; return the count."""
    return _writer(format)(story_records(reader, **filters), STORY_FIELDS, out)


# --- Parquet -----------------------------------------------------------------------------

_PARQUET_HINT = "Parquet export needs pyarrow: pip install 'armswatch[parquet]'"
#: Rows per Parquet row group: bounded memory however large the export.
PARQUET_BATCH = 10_000

#: Column types that are not plain strings (names shared by the record kinds).
_INT_COLUMNS = frozenset(
    {"evidence_start", "evidence_end", "n_events", "n_outlets", "n_contradictions", "n_articles"}
)
_FLOAT_COLUMNS = frozenset({"confidence"})
_LIST_COLUMNS = frozenset({"source", "target", "weapons", "quantities"})


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
