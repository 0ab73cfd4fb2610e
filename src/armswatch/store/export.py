"""Exports of stored articles and events in the contract's formats.

Stage contract: a :class:`~armswatch.store.db.Store` in, records streamed to a text stream out.
``export events --format jsonl`` is what ``shared/eval/score.py`` reads: the contract's fields
first, then extras it ignores. Each format is one writer function in ``TEXT_WRITERS``; a binary
format (Parquet) gets its own ``export_*_parquet`` function over the same ``*_records`` generators.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from armswatch.store.query import Queries

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


def article_records(store: Queries, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield articles as export records (``published`` cut to ``YYYY-MM-DD``), by doc_id.

    ``filters`` are those of ``Store.articles`` (since, until, outlet, q, limit).
    """
    for article in store.articles(**filters):
        published = article["published"]
        yield {**article, "published": published[:10] if published else None}


def event_records(store: Queries, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield events as export records, ordered by doc_id, evidence_start, type.

    ``filters`` are those of ``Store.events`` (type, source, target, actor, weapon, ...).
    """
    yield from store.events(**filters)


def export_articles(store: Queries, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored articles to ``out`` as ``jsonl`` or ``csv``; return how many were written."""
    return _writer(format)(article_records(store, **filters), ARTICLE_FIELDS, out)


def export_events(store: Queries, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored events to ``out`` as ``jsonl`` (the contract) or ``csv``; return the count."""
    return _writer(format)(event_records(store, **filters), EVENT_FIELDS, out)
