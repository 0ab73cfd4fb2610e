"""One record per event per document (spec, "One record per event per document").

The merge step alone, fed candidates as the detector would read them from the sentences of
one small article: mentions of the same event merge (weapons combined, first evidence and
attribution kept); a hedged or denied version, another date or another direction stay apart.
"""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.events.detect import Candidate
from armswatch.events.merge import merge_events
from armswatch.kb.event_types import event_type_traits

SENTENCES = (
    "Iran supplied Shahed drones to Russia in 2022.",
    "Iran's deliveries to Russia in 2022 also included artillery shells.",
    "Iran might also supply ballistic missiles to Russia.",
    "Tehran denied sending missiles to Moscow.",
    "Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome in September 2023.",
    "Putin hosted Kim on 13 September.",
)
TEXT = " ".join(SENTENCES)
SPANS = []
_at = 0
for _s in SENTENCES:
    SPANS.append((_at, _at + len(_s)))
    _at += len(_s) + 1


def cand(sentence: int, **fields: Any) -> Candidate:
    """A candidate read from sentence number ``sentence`` of TEXT."""
    start, end = SPANS[sentence]
    base: dict[str, Any] = {
        "type": "arms_transfer",
        "source": ("IRN",),
        "target": ("RUS",),
        "weapons": ("drones",),
        "factuality": "certain",
        "attributed_to": None,
        "date": "2022",
        "location": None,
        "sentence_start": start,
        "sentence_end": end,
        "trigger": "supplied",
        "rule": "test",
        "confidence": 0.7,
    }
    base.update(fields)
    return Candidate(**base)


def test_same_transfer_told_twice_is_one_record() -> None:
    first = cand(0, attributed_to="UKR")
    again = cand(1, weapons=("ammunition", "drones"), attributed_to="USA")
    [event] = merge_events("doc", TEXT, [first, again])
    assert event.weapons == ("drones", "ammunition")
    assert event.evidence == SENTENCES[0]
    assert (event.evidence_start, event.evidence_end) == SPANS[0]
    assert event.attributed_to == "UKR"
    assert (event.source, event.target, event.date, event.factuality) == (
        ("IRN",),
        ("RUS",),
        "2022",
        "certain",
    )


def test_first_mention_wins_whatever_the_candidate_order() -> None:
    [event] = merge_events("doc", TEXT, [cand(1, weapons=("ammunition",)), cand(0)])
    assert event.evidence == SENTENCES[0]
    assert set(event.weapons) == {"drones", "ammunition"}


@pytest.mark.parametrize(
    ("later", "why"),
    [
        ({"factuality": "possible", "weapons": ("missiles",), "date": None}, "a hedged version"),
        ({"factuality": "negated", "weapons": ("missiles",), "date": None}, "a denied version"),
        ({"date": "2023"}, "another occurrence"),
        ({"source": ("RUS",), "target": ("IRN",)}, "the opposite direction"),
        ({"target": ("BLR",)}, "another recipient"),
    ],
)
def test_different_events_stay_apart(later: dict[str, Any], why: str) -> None:
    events = merge_events("doc", TEXT, [cand(0), cand(2, **later)])
    assert len(events) == 2, why
    assert [e.evidence for e in events] == [SENTENCES[0], SENTENCES[2]]
    assert events[0].weapons == ("drones",)


def test_types_never_merge() -> None:
    accusation = cand(3, type="accusation", weapons=(), source=("UKR",), target=("IRN",), date=None)
    demand = cand(3, type="demand", weapons=(), source=("UKR",), target=("IRN",), date=None)
    assert [e.type for e in merge_events("doc", TEXT, [accusation, demand])] == ["accusation", "demand"]


def test_meeting_retold_with_roles_swapped_is_one_record() -> None:
    met = cand(4, type="meeting", source=("PRK",), target=("RUS",), weapons=(), date="2023-09")
    hosted = cand(5, type="meeting", source=("RUS",), target=("PRK",), weapons=(), date="2023-09-13")
    [event] = merge_events("doc", TEXT, [met, hosted])
    assert (event.source, event.target) == (("PRK",), ("RUS",))
    assert event.evidence == SENTENCES[4]
    # The record is dated as precisely as the text allows.
    assert event.date == "2023-09-13"


def test_records_carry_the_plover_codes_and_verbatim_evidence() -> None:
    cands = [
        cand(0),
        cand(2, factuality="possible", date=None),
        cand(4, type="meeting", weapons=(), date=None),
    ]
    events = merge_events("doc-7", TEXT, cands)
    assert [e.evidence_start for e in events] == sorted(e.evidence_start for e in events)
    for e in events:
        assert e.doc_id == "doc-7"
        assert TEXT[e.evidence_start : e.evidence_end] == e.evidence
        traits = event_type_traits()[e.type]
        assert (e.plover_code, e.plover_mode) == (traits.plover_code, traits.plover_mode)
    assert (events[0].plover_code, events[0].plover_mode) == ("AID", "military")
