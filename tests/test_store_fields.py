"""Column lists: derived from the records, in the orders that exports and API pages show."""

from __future__ import annotations

from dataclasses import fields

import pytest

from armswatch.export import records
from armswatch.models import Article, Event, Mention
from armswatch.store import StoreError, open_store
from armswatch.store import fields as columns
from armswatch.stories import FactSummary, Flag


def names(record: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record))


def test_event_columns_are_the_record_with_the_store_s_own() -> None:
    assert ("event_id", *names(Event), "armswatch_version", "kb_version") == columns.EVENT_FIELDS
    assert columns.EVENT_LIST_FIELDS == ("source", "target", "weapons", "quantities")
    assert columns.EVIDENCE_FIELDS[-1] == "evidence_end"


def test_every_article_field_has_a_column() -> None:
    stored = {columns.ARTICLE_COLUMN_OF.get(name, name) for name in names(Article)}
    assert set(columns.ARTICLE_FIELDS) - stored == {"story", "kind", "ingested_at"}
    assert len(set(columns.ARTICLE_FIELDS)) == len(columns.ARTICLE_FIELDS)


def test_mention_columns_are_the_record() -> None:
    assert ("id", "doc_id", *names(Mention)) == columns.MENTION_FIELDS
    assert columns.MENTION_LIST_FIELDS == ("members",)


def test_fact_and_flag_columns_match_the_stories_records() -> None:
    assert (*names(FactSummary), "updated_at") == columns.FACT_FIELDS
    assert names(Flag) == columns.FLAG_RECORD_FIELDS


def test_read_and_export_orders_stay_as_they_are() -> None:
    # Exports are compared byte for byte and the API's CSV columns follow these orders.
    assert columns.ARTICLE_FIELDS == (
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
    assert records.ARTICLE_FIELDS == (
        "doc_id",
        "title",
        "published",
        "outlet",
        "body",
        "story",
        "url",
        "published_evidence",
    )
    assert records.EVENT_FIELDS == (
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
        "date_precision",
        "outlet",
        "url",
        "title",
        "published",
    )
    assert (*columns.FACT_FIELDS, "flags") == records.FACT_ROW_FIELDS
    assert (*records.FACT_ROW_FIELDS, *records.FACT_TRACE_FIELDS) == records.FACT_FIELDS
    assert records.FLAG_FIELDS == ("regime", "resolution", "clause", "status", "reasoning")


def test_a_story_index_lives_as_long_as_its_transaction() -> None:
    with open_store(":memory:") as store:
        with store.story_index() as index:
            assert index.pending_articles() == []
        with pytest.raises(StoreError, match="after its transaction"):
            index.pending_articles()
