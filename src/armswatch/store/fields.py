"""Column lists of the store's records, in the order reads return them.

Where a record of :mod:`armswatch.models` exists, its columns are derived from the record with
:func:`dataclasses.fields` (plus the store's own columns, such as ``event_id``), so that a field
added to the record reaches every read, write and export that lists it. Facts, stories and flags
have no shared record (they are the stories stage's), so their columns are listed here. Defined
once: the reader, the writer, the story index, the exporters and the API import them.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from armswatch.models import FLAG_STATUSES as FLAG_STATUSES
from armswatch.models import Article, Event, Mention


def record_fields(record: Any) -> tuple[str, ...]:
    """The field names of a dataclass record (a class or an instance), in declaration order."""
    return tuple(f.name for f in fields(record))


def _tuple_fields(record: Any) -> tuple[str, ...]:
    # Tuple fields are stored as JSON lists (annotations are strings under `from __future__`).
    return tuple(f.name for f in fields(record) if str(f.type).startswith("tuple["))


_EVENT = record_fields(Event)

#: Event columns holding JSON lists: the record's tuple fields.
EVENT_LIST_FIELDS: tuple[str, ...] = _tuple_fields(Event)

#: The contract's record with its id and evidence offsets: what every view of an event shows.
EVIDENCE_FIELDS: tuple[str, ...] = ("event_id", *_EVENT[: _EVENT.index("evidence_end") + 1])

#: Event columns in the order queries return them: the id, the record, the versions that wrote it.
EVENT_FIELDS: tuple[str, ...] = ("event_id", *_EVENT, "armswatch_version", "kb_version")

#: Mention columns in the order queries return them: row id, document, then the record.
MENTION_FIELDS: tuple[str, ...] = ("id", "doc_id", *record_fields(Mention))
#: Mention columns holding JSON lists.
MENTION_LIST_FIELDS: tuple[str, ...] = _tuple_fields(Mention)

#: Columns of ``articles`` and ``documents`` that hold an ``Article`` field under another name.
ARTICLE_COLUMN_OF: dict[str, str] = {"text": "body"}

#: Columns of the ``articles`` table, in the table's order (which is not the record's, and is the
#: column order of the API's CSV pages and the notebook's frames): every ``Article`` field that
#: is not the document's, and the story the stories stage assigns.
ARTICLE_TABLE_FIELDS: tuple[str, ...] = (
    "doc_id",
    "title",
    "published",
    "published_evidence",
    "page_date",
    "outlet",
    "url",
    "body",
    "lang",
    "story",
)

#: Columns of ``documents`` that reads of articles add: the input's own ``Article`` fields
#: (source, hash, fetch time) and what ingest adds (kind, ingest time).
DOCUMENT_FIELDS: tuple[str, ...] = ("source", "kind", "content_hash", "fetched_at", "ingested_at")

#: Article columns in the order queries return them.
ARTICLE_FIELDS: tuple[str, ...] = (*ARTICLE_TABLE_FIELDS, *DOCUMENT_FIELDS)

#: Fact columns in the order queries return them (the stories stage's ``FactSummary``, then
#: when it was written).
FACT_FIELDS: tuple[str, ...] = (
    "fact_id",
    "type",
    "source",
    "target",
    "weapons",
    "factuality",
    "weakest_factuality",
    "date",
    "first_reported",
    "last_reported",
    "n_events",
    "n_outlets",
    "n_contradictions",
    "story_id",
    "summary",
    "status",
    "status_note",
    "contradicted_by",
    "updated_at",
)
#: Fact columns holding JSON lists.
FACT_LIST_FIELDS: tuple[str, ...] = ("source", "target", "weapons", "contradicted_by")

#: Story columns in the order queries return them.
STORY_FIELDS: tuple[str, ...] = (
    "story_id",
    "label",
    "first_published",
    "last_published",
    "n_articles",
    "n_outlets",
    "updated_at",
)

#: What a sanctions flag says (the stories stage's ``Flag``).
FLAG_RECORD_FIELDS: tuple[str, ...] = ("regime", "resolution", "clause", "status", "reasoning")
#: Flag columns in the order queries return them: its id, its fact, what it says.
FLAG_FIELDS: tuple[str, ...] = ("flag_id", "fact_id", *FLAG_RECORD_FIELDS)


#: ``Article`` fields with the column that holds each, in the record's order.
ARTICLE_RECORD_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (name, ARTICLE_COLUMN_OF.get(name, name)) for name in record_fields(Article)
)
