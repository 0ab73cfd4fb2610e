"""One record per event per document: merge the candidates read from several cues.

Mentions of the same event (same type, parties, factuality and date) merge into the
first clear mention: weapons are combined, the evidence and attribution of the first
mention stay. A hedged or denied version and a different date stay apart (spec).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from armswatch.models import Event

if TYPE_CHECKING:
    from armswatch.events.detect import Candidate
    from armswatch.events.lexicon import Lexicon


# Types whose records merge when the same parties are named, whatever their roles.
SAME_PARTIES = frozenset({"meeting", "military_cooperation"})


def event_id(
    doc_id: str, etype: str, source: Sequence[str], target: Sequence[str], start: int, fact: str
) -> str:
    """A deterministic id for an event record."""
    key = "|".join([doc_id, etype, ",".join(source), ",".join(target), str(start), fact])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def merge_events(doc_id: str, text: str, candidates: Sequence[Candidate], lex: Lexicon) -> list[Event]:
    """Merge candidates of one document into event records, in text order."""
    merged: dict[tuple[object, ...], Candidate] = {}
    weapons: dict[tuple[object, ...], list[str]] = {}
    for c in sorted(candidates, key=lambda c: c.sentence_start):
        key: tuple[object, ...] = (c.type, frozenset(c.source), frozenset(c.target), c.factuality, c.date)
        if c.type in SAME_PARTIES:
            # "Kim met Putin" and "the Putin-Kim summit" are one meeting, told twice.
            parties = frozenset(c.source) | frozenset(c.target)
            earlier = next(
                (
                    k
                    for k, e in merged.items()
                    if e.type == c.type
                    and frozenset(e.source) | frozenset(e.target) == parties
                    and e.factuality == c.factuality
                    and (e.date == c.date or e.date is None or c.date is None)
                ),
                None,
            )
            if earlier is not None:
                key = earlier
        if key not in merged:
            merged[key] = c
            weapons[key] = list(c.weapons)
            continue
        for w in c.weapons:
            if w not in weapons[key]:
                weapons[key].append(w)
    out: list[Event] = []
    for key, c in merged.items():
        info = lex.types[c.type]
        out.append(
            Event(
                doc_id=doc_id,
                type=c.type,
                source=c.source,
                target=c.target,
                weapons=tuple(weapons[key]),
                factuality=c.factuality,
                attributed_to=c.attributed_to,
                date=c.date,
                location=c.location,
                evidence=text[c.sentence_start : c.sentence_end],
                evidence_start=c.sentence_start,
                evidence_end=c.sentence_end,
                plover_code=info.plover,
                plover_mode=info.mode,
                confidence=c.confidence,
                rule=c.rule,
                trigger=c.trigger,
            )
        )
    out.sort(key=lambda e: (e.evidence_start, e.type))
    return out
