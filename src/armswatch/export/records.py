"""Export records of stored articles, events, facts and stories, written as JSONL or CSV.

Stage contract: a store's :class:`~armswatch.store.interface.Reader` in, records streamed to a
text stream out. ``export events --format jsonl`` is what ``shared/eval/score.py`` reads: the
contract's fields first, then extras it ignores. The ``*_records`` generators are shared with
the Parquet exports (:mod:`armswatch.export.parquet`), so both hold the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from armswatch.export.writers import text_writer
from armswatch.models import Event
from armswatch.store.fields import FACT_FIELDS as FACT_COLUMNS
from armswatch.store.fields import FLAG_RECORD_FIELDS, record_fields
from armswatch.store.fields import STORY_FIELDS as STORY_COLUMNS

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

_EVENT = record_fields(Event)

#: Event fields exported: the contract's fields (the record's up to ``evidence``), the event's
#: id, then extras the scorer ignores (the record's from ``evidence_start`` to ``rule``).
EVENT_FIELDS: tuple[str, ...] = (
    *_EVENT[: _EVENT.index("evidence") + 1],
    "event_id",
    *_EVENT[_EVENT.index("evidence_start") : _EVENT.index("rule") + 1],
)


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
    return text_writer(format)(article_records(reader, **filters), ARTICLE_FIELDS, out)


def export_events(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored events to ``out`` as ``jsonl`` (the contract) or ``csv``; return the count."""
    return text_writer(format)(event_records(reader, **filters), EVENT_FIELDS, out)


# --- facts and stories -------------------------------------------------------------------

#: Fact fields exported: the facts table's columns, then the fact's flags.
FACT_FIELDS: tuple[str, ...] = (*FACT_COLUMNS, "flags")

#: Story fields exported: the stories table's columns.
STORY_FIELDS: tuple[str, ...] = STORY_COLUMNS

#: Fields of a flag as it appears inside a fact: what it says, without its ids.
FLAG_FIELDS: tuple[str, ...] = FLAG_RECORD_FIELDS


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
    writer = text_writer(format)
    records = fact_records(reader, **filters)
    return writer(_flat_flags(records) if format == "csv" else records, FACT_FIELDS, out)


def export_stories(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stories to ``out`` as ``jsonl`` or ``csv``; return the count."""
    return text_writer(format)(story_records(reader, **filters), STORY_FIELDS, out)
