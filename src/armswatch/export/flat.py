"""Events as one flat row each, in the shape ACLED and POLECAT users load into a spreadsheet.

Contract: a store's :class:`~armswatch.store.interface.Reader` in, one CSV row per stored event
out, with the columns of :data:`FLAT_FIELDS` (documented in :data:`FLAT_COLUMNS`). ACLED's
names are used where ACLED has the notion (``event_date``, ``time_precision``, ``actor1``,
``assoc_actor_1``, ``source``, ``source_url``, ``notes``), PLOVER's where ACLED has none
(``event_type``, ``event_mode``, ``contexts``, ``quad_code``). Every row leads back to its
document (``doc_id``, ``source_url``, ``title``) and sentence (``notes`` with its offsets).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from armswatch.export.plover import plover_records
from armswatch.export.writers import write_csv

if TYPE_CHECKING:
    from armswatch.store.interface import Reader

#: ACLED's time precision codes: 1 the day is known, 2 the month, 3 the year.
TIME_PRECISION: dict[str, int] = {"day": 1, "month": 2, "year": 3}

#: The flat table's columns, in order, with what each holds.
FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "armswatch's id of the event (stable for a document version)"),
    ("event_date", "when it happened, as precise as the text says: YYYY, YYYY-MM or YYYY-MM-DD"),
    ("year", "the year of event_date"),
    ("time_precision", "1 day, 2 month, 3 year (ACLED's codes); empty when undated"),
    ("date_precision", "day, month or year; empty when undated"),
    ("event_type", "PLOVER category (AID, CONSULT, ACCUSE, SANCTION, ...)"),
    ("event_mode", "PLOVER mode (military, technology, meet, ...)"),
    ("sub_event_type", "armswatch's event type (arms_transfer, denial, ...)"),
    ("contexts", "PLOVER contexts, ;-separated (military, cbrn, hypothetical)"),
    ("quad_code", "PLOVER quad category: 1 verbal cooperation .. 4 material conflict"),
    ("actor1", "the first source actor's id (ISO alpha-3 for a state)"),
    ("actor1_name", "its name in the knowledge base"),
    ("assoc_actor_1", "the other source actors' ids, ;-separated"),
    ("actor2", "the first target actor's id"),
    ("actor2_name", "its name in the knowledge base"),
    ("assoc_actor_2", "the other target actors' ids, ;-separated"),
    ("weapons", "weapon categories, ;-separated"),
    ("factuality", "certain, possible or negated, as the text presents it"),
    ("negated", "true when the text says it did not happen"),
    ("attributed_to", "who the text says asserts it; empty for the outlet's own voice"),
    ("location", "a place name as written"),
    ("source", "the outlet that published the article"),
    ("source_url", "the article's URL"),
    ("title", "the article's title"),
    ("publication_date", "the article's publication day"),
    ("doc_id", "the document's id (its file name without extension)"),
    ("notes", "the evidence: the sentence the event was read from, verbatim"),
    ("evidence_start", "offset of the sentence in the article's cleaned text"),
    ("evidence_end", "end offset of the sentence"),
    ("confidence", "the extractor's confidence, 0..1"),
)
#: The flat table's column names, in order.
FLAT_FIELDS: tuple[str, ...] = tuple(name for name, _ in FLAT_COLUMNS)


def flat_record(plover: Mapping[str, Any], names: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """One flat row from a PLOVER record (:func:`~armswatch.export.plover.plover_record`)."""
    actors, recipients = list(plover["actors"]), list(plover["recipients"])
    date = plover["date"]
    cite = plover["cite_info"]
    return {
        "event_id": plover["id"],
        "event_date": date,
        "year": int(date[:4]) if date else None,
        "time_precision": TIME_PRECISION.get(plover["date_precision"] or ""),
        "date_precision": plover["date_precision"],
        "event_type": plover["event_type"],
        "event_mode": plover["mode"],
        "sub_event_type": plover["armswatch_type"],
        "contexts": plover["context"],
        "quad_code": plover["quad_code"],
        "actor1": actors[0] if actors else None,
        "actor1_name": names.get(actors[0], (actors[0], ""))[0] if actors else None,
        "assoc_actor_1": actors[1:],
        "actor2": recipients[0] if recipients else None,
        "actor2_name": names.get(recipients[0], (recipients[0], ""))[0] if recipients else None,
        "assoc_actor_2": recipients[1:],
        "weapons": plover["weapons"],
        "factuality": plover["factuality"],
        "negated": "true" if plover["negated"] else "false",
        "attributed_to": plover["attributed_to"],
        "location": (plover["event_loc"] or {}).get("name"),
        "source": cite["publication"],
        "source_url": cite["url"],
        "title": cite["title"],
        "publication_date": plover["publication_date"],
        "doc_id": plover["doc_id"],
        "notes": plover["text"],
        "evidence_start": plover["text_info"]["start"],
        "evidence_end": plover["text_info"]["end"],
        "confidence": plover["confidence"],
    }


def flat_records(
    reader: Reader, *, actors: Mapping[str, tuple[str, str]] | None = None, **filters: Any
) -> Iterator[dict[str, Any]]:
    """Yield one flat row per stored event (``filters`` as ``Reader.events``)."""
    names = actors or {}
    for plover in plover_records(reader, actors=names, **filters):
        yield flat_record(plover, names)


def export_flat(
    reader: Reader,
    out: TextIO,
    *,
    actors: Mapping[str, tuple[str, str]] | None = None,
    excel: bool = False,
    **filters: Any,
) -> int:
    """Write the flat event table as CSV (``excel``: with a BOM, dates kept as text)."""
    return write_csv(flat_records(reader, actors=actors, **filters), FLAT_FIELDS, out, excel=excel)
