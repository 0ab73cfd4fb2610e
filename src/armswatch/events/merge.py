"""One record per event per document: merge the candidates read from several cues.

Mentions of the same event (same type, parties, factuality and date) merge into the
first clear mention: weapons are combined, the evidence and attribution of the first
mention stay. A hedged or denied version and a different date stay apart (spec).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from armswatch import partial_dates
from armswatch.events.candidate import Candidate
from armswatch.events.kinds import ONE_OCCURRENCE, SYMMETRIC
from armswatch.kb.event_types import event_type_traits
from armswatch.models import Event, as_event_type, as_factuality, as_weapon_category


def _compatible(a: str | None, b: str | None) -> bool:
    """Dates that may name the same occurrence: equal, one unknown, or one inside the other."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _finer(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    if a.startswith(_OCCASION) or b.startswith(_OCCASION):
        return b if a.startswith(_OCCASION) else a
    return a if len(a) >= len(b) else b


# Marks an occasion key among dates: "on Tuesday" in an undated page is no date, but it is
# not the occasion "last week" either.
_OCCASION = "?"


def _when(c: Candidate) -> str | None:
    """The candidate's date, else its undatable occasion as a key of its own, else None."""
    if c.date is None and c.occasion is not None:
        return _OCCASION + c.occasion
    return c.date


def _dated(value: str | None) -> str | None:
    """A record's date: an occasion key is no date."""
    return None if value is None or value.startswith(_OCCASION) else value


def _same_event(first: Candidate, later: Candidate, first_date: str | None) -> bool:
    """Whether a later candidate retells an event the document already reported.

    ``first_date`` is the merged record's date so far (an occasion key where it has none).
    """
    if first.type != later.type or first.factuality != later.factuality:
        return False
    later_date = _when(later)
    if later.type in SYMMETRIC:
        # "Kim met Putin" and "the Putin-Kim summit" are one meeting, told twice.
        parties = set(first.source) | set(first.target) == set(later.source) | set(later.target)
        return parties and _compatible(first_date, later_date)
    # Other types merge only on the same date: gold keeps "133 tanks shipped by June" and
    # "the remaining 47 by December" apart, and an undated retelling may be either.
    same_parties = set(first.source) == set(later.source) and set(first.target) == set(later.target)
    if later.type in ONE_OCCURRENCE:
        # An article about a deployment retells the one deployment: an undated mention is it.
        return same_parties and (_compatible(first_date, later_date) or _near(first_date, later_date))
    return same_parties and (_when(first) == later_date or _near(first_date, later_date))


def _near(a: str | None, b: str | None, days: int = 31) -> bool:
    """Two day-precise dates within a month: one occurrence retold on different days."""
    if a is None or b is None or partial_dates.shape(a) != "day" or partial_dates.shape(b) != "day":
        return False
    try:
        return partial_dates.gap_days(a, b) <= days
    except ValueError:
        return False


def event_id(
    doc_id: str, etype: str, source: Sequence[str], target: Sequence[str], start: int, fact: str
) -> str:
    """A deterministic id for an event record."""
    key = "|".join([doc_id, etype, ",".join(source), ",".join(target), str(start), fact])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def merge_events(doc_id: str, text: str, candidates: Sequence[Candidate]) -> list[Event]:
    """Merge candidates of one document into event records, in text order."""
    merged: dict[int, Candidate] = {}
    weapons: dict[int, list[str]] = {}
    dates: dict[int, str | None] = {}
    for n, c in enumerate(sorted(candidates, key=lambda c: c.sentence_start)):
        key = next((k for k, e in merged.items() if _same_event(e, c, dates[k])), n)
        if key not in merged:
            merged[key] = c
            weapons[key] = list(c.weapons)
            dates[key] = _when(c)
            continue
        dates[key] = _finer(dates[key], _when(c))
        for w in c.weapons:
            if w not in weapons[key]:
                weapons[key].append(w)
    out: list[Event] = []
    for key, c in merged.items():
        etype = as_event_type(c.type)
        traits = event_type_traits()[etype]
        out.append(
            Event(
                doc_id=doc_id,
                type=etype,
                source=c.source,
                target=c.target,
                weapons=tuple(as_weapon_category(w) for w in weapons[key]),
                factuality=as_factuality(c.factuality),
                attributed_to=c.attributed_to,
                date=_dated(dates[key]),
                location=c.location,
                evidence=text[c.sentence_start : c.sentence_end],
                evidence_start=c.sentence_start,
                evidence_end=c.sentence_end,
                plover_code=traits.plover_code,
                plover_mode=traits.plover_mode,
                confidence=c.confidence,
                rule=c.rule,
                trigger=c.trigger,
            )
        )
    out.sort(key=lambda e: (e.evidence_start, e.type))
    return out
