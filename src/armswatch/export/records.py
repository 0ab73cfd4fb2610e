"""Export records of stored articles, events, facts and stories, written as JSONL or CSV.

Stage contract: a store's :class:`~armswatch.store.interface.Reader` in, records streamed to a
text stream out. ``export events --format jsonl`` is what ``shared/eval/score.py`` reads: the
contract's fields first, then extras it ignores. The ``*_records`` generators are shared with
the Parquet exports (:mod:`armswatch.export.parquet`), so both hold the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
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

#: What every exported event carries of its article, so that a row leads back to its source.
PROVENANCE_FIELDS: tuple[str, ...] = ("outlet", "url", "title", "published")

#: Event fields exported: the contract's fields (the record's up to ``evidence``), the event's
#: id, then extras the scorer ignores (the record's from ``evidence_start`` to ``rule``, the
#: date's precision and the article's provenance).
EVENT_FIELDS: tuple[str, ...] = (
    *_EVENT[: _EVENT.index("evidence") + 1],
    "event_id",
    *_EVENT[_EVENT.index("evidence_start") : _EVENT.index("rule") + 1],
    "date_precision",
    *PROVENANCE_FIELDS,
)

_PRECISION = {4: "year", 7: "month", 10: "day"}


def date_precision(date: str | None) -> str | None:
    """``year``, ``month`` or ``day``: how precise a partial date is; None for no date."""
    return _PRECISION.get(len(date)) if date else None


def article_provenance(reader: Reader, doc_id: str) -> dict[str, Any] | None:
    """An article's outlet, URL, title, publication day and language; None when it is gone."""
    for found in reader.load_articles(doc_ids=[doc_id]):
        return {
            "outlet": found.outlet,
            "url": found.url,
            "title": found.title,
            "published": found.published[:10] if found.published else None,
            "lang": found.lang,
        }
    return None


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
    Each carries its date's precision and its article's outlet, URL, title and publication day.
    """
    doc_id: str | None = None
    article: Mapping[str, Any] = {}
    for event in reader.events(**filters):
        # Events come grouped by document, so each article is read once.
        if event["doc_id"] != doc_id:
            doc_id = event["doc_id"]
            article = article_provenance(reader, doc_id) or {}
        yield {
            **event,
            "date_precision": date_precision(event["date"]),
            **{name: article.get(name) for name in PROVENANCE_FIELDS},
        }


def export_articles(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored articles to ``out`` as ``jsonl`` or ``csv``; return how many were written."""
    return text_writer(format)(article_records(reader, **filters), ARTICLE_FIELDS, out)


def export_events(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored events to ``out`` as ``jsonl`` (the contract) or ``csv``; return the count."""
    return text_writer(format)(event_records(reader, **filters), EVENT_FIELDS, out)


# --- facts and stories -------------------------------------------------------------------

#: What a fact carries of its reports: every event's id, the documents and URLs they come
#: from, and the best supporting sentence with its outlet, document and URL.
FACT_TRACE_FIELDS: tuple[str, ...] = (
    "event_ids",
    "doc_ids",
    "urls",
    "best_evidence",
    "best_evidence_outlet",
    "best_evidence_doc_id",
    "best_evidence_url",
)

#: A fact as ``Reader.facts`` lists it: the facts table's columns and the fact's flags.
FACT_ROW_FIELDS: tuple[str, ...] = (*FACT_COLUMNS, "flags")

#: Fact fields exported: the facts table's columns, the fact's flags, then its trace.
FACT_FIELDS: tuple[str, ...] = (*FACT_ROW_FIELDS, *FACT_TRACE_FIELDS)

#: Columns the CSV export of facts adds, since a cell of flag labels cannot hold them: each
#: flag's regime and reasoning, in the order of ``flags``.
FACT_CSV_FIELDS: tuple[str, ...] = (*FACT_FIELDS, "flag_regimes", "flag_reasoning")
#: The same for a CSV page of ``GET /api/v1/facts`` (facts as ``Reader.facts`` lists them).
FACT_ROW_CSV_FIELDS: tuple[str, ...] = (*FACT_ROW_FIELDS, "flag_regimes", "flag_reasoning")

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
        record = {name: fact.get(name) for name in FACT_COLUMNS}
        record["flags"] = [{k: flag.get(k) for k in FLAG_FIELDS} for flag in fact.get("flags") or ()]
        record.update(fact_trace(reader.fact_members(fact["fact_id"])))
        yield record


_FACTUALITY_RANK = {"certain": 0, "possible": 1, "negated": 2}


def _evidence_rank(member: Mapping[str, Any]) -> tuple[Any, ...]:
    # The strongest report first: support before anything else, certain before possible, the
    # outlet's own voice before an attributed one, an original before a copy, the earliest.
    return (
        member.get("relation") != "support",
        _FACTUALITY_RANK.get(member.get("factuality") or "", 3),
        member.get("attributed_to") is not None,
        member.get("original_doc_id") is not None,
        member.get("published") is None,
        member.get("published") or "",
        member.get("doc_id") or "",
        member.get("evidence_start") or 0,
    )


def fact_trace(members: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The trace of a fact from its members (``Reader.fact_members`` rows): event ids, document
    ids and URLs in report order, and the best supporting sentence with its source."""
    rows = list(members)
    best = min(rows, key=_evidence_rank) if rows else {}
    return {
        "event_ids": [m["event_id"] for m in rows],
        "doc_ids": list(dict.fromkeys(m["doc_id"] for m in rows)),
        "urls": list(dict.fromkeys(m["url"] for m in rows if m.get("url"))),
        "best_evidence": best.get("evidence"),
        "best_evidence_outlet": best.get("outlet"),
        "best_evidence_doc_id": best.get("doc_id"),
        "best_evidence_url": best.get("url"),
    }


def story_records(reader: Reader, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield stories as export records (``filters``: limit, offset)."""
    for story in reader.stories(**filters):
        yield {name: story.get(name) for name in STORY_FIELDS}


def flat_flags(record: Mapping[str, Any]) -> dict[str, Any]:
    """A fact record with its flags as CSV cells: ``flags`` as labels (``status resolution
    clause``), ``flag_regimes`` and ``flag_reasoning`` (one line per flag) beside them."""
    flags = record.get("flags") or ()
    reasoning = "\n".join(str(f.get("reasoning") or "") for f in flags)
    return {
        **record,
        "flags": [flag_label(flag) for flag in flags],
        "flag_regimes": [flag.get("regime") or "" for flag in flags],
        # Reasoning is prose (it may hold ";"): one line per flag.
        "flag_reasoning": reasoning if flags else None,
    }


def _flat_flags(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        yield flat_flags(record)


def export_facts(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write facts to ``out`` as ``jsonl`` or CSV (flags as ``status resolution clause``, with
    their regimes and reasoning in columns of their own)."""
    writer = text_writer(format)
    records = fact_records(reader, **filters)
    if format.startswith("csv"):
        return writer(_flat_flags(records), FACT_CSV_FIELDS, out)
    return writer(records, FACT_FIELDS, out)


def export_stories(reader: Reader, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stories to ``out`` as ``jsonl`` or ``csv``; return the count."""
    return text_writer(format)(story_records(reader, **filters), STORY_FIELDS, out)
