"""Events as PLOVER/POLECAT-style JSON records, for users of those coders' tools."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from armswatch.export.records import article_provenance, date_precision
from armswatch.export.writers import write_jsonl

if TYPE_CHECKING:
    from armswatch.store.interface import Reader

#: PLOVER 0.7 quad categories (1 verbal cooperation .. 4 material conflict), as its table gives them.
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "DEMAND": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "SANCTION": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}

# The event contract codes demands as REQUEST, a name PLOVER does not have: its category is DEMAND.
_PLOVER_RENAMES = {"REQUEST": "DEMAND"}

#: PLOVER non-state actor codes by KB actor kind (states use their ISO alpha-3 id).
_PLOVER_ACTOR_CODES = {"organisation": "IGO", "group": "IMG", "company": "MNC", "think_tank": "NGO"}

_MILITARY_TYPES = frozenset(
    {"arms_transfer", "tech_transfer", "military_cooperation", "troop_deployment", "weapons_test"}
)
_CBRN_WEAPONS = frozenset({"nuclear", "chemical_biological"})

#: Fields of a PLOVER export record, in order.
PLOVER_FIELDS: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "publication_date",
    "event_type",
    "event",
    "mode",
    "context",
    "quad_code",
    "source",
    "recipient",
    "actors",
    "recipients",
    "factuality",
    "negated",
    "attributed_to",
    "weapons",
    "event_loc",
    "text",
    "text_info",
    "cite_info",
    "doc_id",
    "outlet",
    "url",
    "title",
    "armswatch_type",
    "confidence",
)


def _plover_actor(actor_id: str, actors: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    name, kind = actors.get(actor_id, (actor_id, ""))
    if kind == "state" or (not kind and len(actor_id) == 3 and actor_id.isupper()):
        return {"code": actor_id, "actor_text": name}
    return {
        "code": _PLOVER_ACTOR_CODES.get(kind, "IGO" if actor_id.isupper() else "NGO"),
        "identifier_id": actor_id,
        "identifier_text": name,
    }


def plover_record(
    event: dict[str, Any],
    article: dict[str, Any] | None,
    *,
    actors: Mapping[str, tuple[str, str]] | None = None,
    coder: str = "armswatch",
) -> dict[str, Any]:
    """Map one stored event (and its article) to a PLOVER/POLECAT-style record.

    PLOVER names (``event``, ``mode``, ``context``, ``source``/``recipient`` actor objects,
    ``text``, ``text_info``, ``cite_info``) sit beside POLECAT's flat ``event_type``, ``actors``
    and ``recipients``. PLOVER has no factuality: ``possible`` adds the ``hypothetical``
    context, ``negated`` sets ``negated``; both keep ``factuality`` as read. ``date`` is as
    precise as the text allows (``date_precision`` says how), not padded to a day.
    """
    known = actors or {}
    code = _PLOVER_RENAMES.get(event["plover_code"], event["plover_code"]) or None
    context: list[str] = []
    if event["type"] in _MILITARY_TYPES:
        context.append("military")
    if _CBRN_WEAPONS.intersection(event["weapons"]):
        context.append("cbrn")
    if event["factuality"] == "possible":
        context.append("hypothetical")
    date = event["date"]
    precision = date_precision(date)
    published = (article or {}).get("published")
    return {
        "id": event["event_id"],
        "date": date,
        "date_precision": precision,
        "publication_date": published[:10] if published else None,
        "event_type": code,
        "event": [code] if code else [],
        "mode": event["plover_mode"] or None,
        "context": context,
        "quad_code": PLOVER_QUAD.get(code or ""),
        "source": [_plover_actor(a, known) for a in event["source"]],
        "recipient": [_plover_actor(a, known) for a in event["target"]],
        "actors": list(event["source"]),
        "recipients": list(event["target"]),
        "factuality": event["factuality"],
        "negated": event["factuality"] == "negated",
        "attributed_to": event["attributed_to"],
        "weapons": list(event["weapons"]),
        "event_loc": {"name": event["location"]} if event["location"] else None,
        "text": event["evidence"],
        "text_info": {"start": event["evidence_start"], "end": event["evidence_end"]},
        "cite_info": {
            "url": (article or {}).get("url"),
            "title": (article or {}).get("title"),
            "publication": (article or {}).get("outlet"),
            "language": (article or {}).get("lang"),
            "coder": f"{coder} {event.get('armswatch_version') or ''}".strip(),
            "codebook": f"armswatch-events kb {event.get('kb_version') or ''}".strip(),
        },
        "doc_id": event["doc_id"],
        "outlet": (article or {}).get("outlet"),
        "url": (article or {}).get("url"),
        "title": (article or {}).get("title"),
        "armswatch_type": event["type"],
        "confidence": event["confidence"],
    }


def plover_records(
    reader: Reader, *, actors: Mapping[str, tuple[str, str]] | None = None, **filters: Any
) -> Iterator[dict[str, Any]]:
    """Yield stored events as PLOVER records (``filters`` as ``Reader.events``)."""
    doc_id: str | None = None
    article: dict[str, Any] | None = None
    for event in reader.events(**filters):
        # Events come grouped by document, so each article is read once.
        if event["doc_id"] != doc_id:
            doc_id = event["doc_id"]
            article = article_provenance(reader, doc_id)
        yield plover_record(event, article, actors=actors)


def export_plover(
    reader: Reader, out: TextIO, *, actors: Mapping[str, tuple[str, str]] | None = None, **filters: Any
) -> int:
    """Write events as PLOVER/POLECAT-style JSON Lines; return the count."""
    return write_jsonl(plover_records(reader, actors=actors, **filters), PLOVER_FIELDS, out)
