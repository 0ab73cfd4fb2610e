"""Column lists of the store's records, in the order reads return them.

Defined once here; the reader, the writer, the story index, the exporters and the API import
them rather than restating them.
"""

from __future__ import annotations

#: Event columns holding JSON lists.
EVENT_LIST_FIELDS: tuple[str, ...] = ("source", "target", "weapons", "quantities")

#: The contract's record with its id and evidence offsets: what every view of an event shows.
EVIDENCE_FIELDS: tuple[str, ...] = (
    "event_id",
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
    "evidence_start",
    "evidence_end",
)

#: Event columns in the order queries return them.
EVENT_FIELDS: tuple[str, ...] = (
    *EVIDENCE_FIELDS,
    "plover_code",
    "plover_mode",
    "confidence",
    "rule",
    "trigger",
    "quantities",
    "armswatch_version",
    "kb_version",
)

#: Article columns in the order queries return them (the last five from ``documents``).
ARTICLE_FIELDS: tuple[str, ...] = (
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
    "source",
    "kind",
    "content_hash",
    "fetched_at",
    "ingested_at",
)

#: Fact columns in the order queries return them.
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
    "updated_at",
)
#: Fact columns holding JSON lists.
FACT_LIST_FIELDS: tuple[str, ...] = ("source", "target", "weapons")

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

#: Flag columns in the order queries return them.
FLAG_FIELDS: tuple[str, ...] = ("flag_id", "fact_id", "regime", "resolution", "clause", "status", "reasoning")
#: The values of a flag's ``status``.
FLAG_STATUSES: tuple[str, ...] = ("breach", "potential", "contested")
