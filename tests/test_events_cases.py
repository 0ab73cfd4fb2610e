"""The events stage read end to end: one news-like text in, the contract's full records out.

Every case of ``data/events/cases.jsonl`` is a text written for these tests about a real,
public event (2015-2025), its publication date, and every record the shared spec
(``spec/events.md``) says a reader should annotate. Expected values come from the spec, not
from the extractor; a case the extractor still gets wrong carries an ``xfail`` reason and is
run as a strict xfail, so it turns into an XPASS failure the day it is fixed.

Comparison conventions, both the scorer's: source, target and weapons are compared as sets
(sorted lists), and a document's records as a multiset. Expected ``evidence`` defaults to
the whole text for one-sentence cases. A state named only as the recipient, host or
destination is the target, not the ``location``; ``location`` is a place name of the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from armswatch.models import EVENT_TYPES, FACTUALITIES, WEAPON_CATEGORIES, Article, Event
from armswatch.pipeline import Processor
from events_support import article

CASES = Path(__file__).parent / "data" / "events" / "cases.jsonl"
FIELDS = (
    "type",
    "source",
    "target",
    "weapons",
    "factuality",
    "attributed_to",
    "date",
    "location",
    "evidence",
)
WEAPON_TYPES = frozenset({"arms_transfer", "tech_transfer", "weapons_test"})


def _load_cases(*, known_failures: bool) -> Iterator[Any]:
    """The cases as pytest params; ``known_failures`` marks the ones with an ``xfail`` reason."""
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        marks = []
        if known_failures and case.get("xfail"):
            marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        yield pytest.param(case, id=case["id"], marks=marks)


_READ: dict[tuple[str, str, str | None], tuple[Article, list[Event]]] = {}


def read(
    proc: Processor, text: str, published: str | None, doc_id: str = "case"
) -> tuple[Article, list[Event]]:
    """The article and events of one case, read once per session (two tests look at each)."""
    key = (doc_id, text, published)
    if key in _READ:
        return _READ[key]
    case_article = article(text, published, doc_id)
    _, events = proc.read(case_article)
    _READ[key] = (case_article, list(events))
    return _READ[key]


def canonical(record: dict[str, Any]) -> dict[str, Any]:
    """A record in comparable form: role and weapon lists sorted (the scorer compares them as sets)."""
    out = {k: record[k] for k in FIELDS}
    for key in ("source", "target", "weapons"):
        out[key] = sorted(out[key])
    return out


def as_record(event: Event) -> dict[str, Any]:
    return canonical({f: getattr(event, f) for f in FIELDS})


def ordered(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: json.dumps(r, sort_keys=True))


def test_case_file_is_well_formed() -> None:
    """Every expected record names all the contract's fields with values the contract allows."""
    ids = set()
    for line in CASES.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        assert case["id"] not in ids, case["id"]
        ids.add(case["id"])
        assert set(case) <= {"id", "text", "published", "events", "xfail"}, case["id"]
        for ev in case["events"]:
            assert set(FIELDS) - {"evidence"} <= set(ev) <= set(FIELDS), case["id"]
            assert ev["type"] in EVENT_TYPES and ev["factuality"] in FACTUALITIES, case["id"]
            assert set(ev["weapons"]) <= set(WEAPON_CATEGORIES), case["id"]
            assert ev["type"] in WEAPON_TYPES or not ev["weapons"], case["id"]
            assert ev.get("evidence", case["text"]) in case["text"], case["id"]
    types = {
        ev["type"]
        for line in CASES.read_text(encoding="utf-8").splitlines()
        for ev in json.loads(line)["events"]
    }
    assert types == set(EVENT_TYPES), "every event type has at least one case"


@pytest.mark.parametrize("case", list(_load_cases(known_failures=True)))
def test_full_records(proc: Processor, case: dict[str, Any]) -> None:
    _, events = read(proc, case["text"], case["published"], doc_id=case["id"])
    expected = [canonical({"evidence": case["text"], **ev}) for ev in case["events"]]
    assert ordered([as_record(e) for e in events]) == ordered(expected)


@pytest.mark.parametrize("case", list(_load_cases(known_failures=False)))
def test_record_invariants(proc: Processor, case: dict[str, Any]) -> None:
    """Whatever the extractor reads, its records keep the contract's shape."""
    article, events = read(proc, case["text"], case["published"], doc_id=case["id"])
    for e in events:
        assert e.doc_id == case["id"]
        assert e.type in EVENT_TYPES and e.factuality in FACTUALITIES
        assert set(e.weapons) <= set(WEAPON_CATEGORIES)
        assert e.type in WEAPON_TYPES or not e.weapons
        assert e.source and not set(e.source) & set(e.target)
        assert article.text[e.evidence_start : e.evidence_end] == e.evidence
        assert e.date is None or len(e.date) in (4, 7, 10)
        if e.date and case["published"] and e.factuality == "certain":
            assert e.date <= case["published"][: len(e.date)], "a certain event cannot postdate its report"
