"""Facts: when two reports state the same thing, and what the merged fact says."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.stories import aggregate, match_score
from armswatch.stories.facts import agreed_date, date_gap, fact_keys, lookup_keys, relations


def ev(**kw: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "event_id": "e1",
        "doc_id": "d1",
        "type": "arms_transfer",
        "source": ["PRK"],
        "target": ["RUS"],
        "weapons": ["ammunition"],
        "factuality": "certain",
        "attributed_to": None,
        "date": "2023-09",
        "published": "2023-10-02",
        "outlet": "Wire A",
        "story": "s1",
        "original_doc_id": None,
        "original_outlet": None,
    }
    fields.update(kw)
    return fields


@pytest.mark.parametrize(
    ("a", "b", "gap"),
    [
        ("2023-09", "2023-09-13", 0),
        ("2023", "2023-12-31", 0),
        ("2023-09-13", "2023-09-15", 2),
        ("2023-09", "2023-10-02", 2),
        ("2022", "2024-01", 366),
        (None, "2023", None),
    ],
)
def test_facts_date_gap(a: str | None, b: str | None, gap: int | None) -> None:
    assert date_gap(a, b) == gap
    assert date_gap(b, a) == gap


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["2023-09", "2023-09-13", None], "2023-09-13"),
        (["2023-09-13", "2023-09-14"], "2023-09"),
        (["2023-12-31", "2024-01-01", "2024-01-01"], "2024-01-01"),
        ([None, None], None),
    ],
)
def test_facts_agreed_date(dates: list[str | None], expected: str | None) -> None:
    assert agreed_date(dates) == expected


def test_facts_same_report_matches() -> None:
    assert match_score(ev(), ev(event_id="e2", date="2023-09-20")) is not None


@pytest.mark.parametrize(
    "change",
    [
        {"type": "tech_transfer"},
        {"target": ["UKR"]},
        {"source": ["IRN"]},
        {"weapons": ["drones"]},
        {"date": "2024-03"},
    ],
)
def test_facts_different_reports_do_not_match(change: dict[str, Any]) -> None:
    assert match_score(ev(**change), ev(event_id="e2")) is None


@pytest.mark.parametrize(
    "change",
    [{"date": None}, {"weapons": []}, {"weapons": ["other"]}, {"target": []}, {"factuality": "negated"}],
)
def test_facts_unknown_details_are_compatible(change: dict[str, Any]) -> None:
    assert match_score(ev(**change), ev(event_id="e2")) is not None


def test_facts_more_agreement_scores_higher() -> None:
    fact = ev(event_id="f", date="2023-09-13", weapons=["ammunition", "artillery"])
    exact = match_score(ev(date="2023-09-13", weapons=["artillery"]), fact)
    loose = match_score(ev(date=None, weapons=[]), fact)
    assert exact is not None and loose is not None and exact > loose


def test_facts_meeting_parties_either_way_round() -> None:
    visit = ev(type="meeting", source=["PRK"], target=["RUS"], weapons=[])
    assert match_score(ev(type="meeting", source=["RUS"], target=["PRK"], weapons=[]), visit) is not None
    assert match_score(ev(type="meeting", source=["RUS"], target=["CHN"], weapons=[]), visit) is None


def test_facts_keys_find_what_match_accepts() -> None:
    fact = ev(source=["PRK", "komid"], target=["RUS"])
    keys = set(fact_keys("arms_transfer", fact["source"], fact["target"]))
    for event in (ev(), ev(target=[]), ev(source=[]), ev(source=["komid"], target=["RUS", "BLR"])):
        exact, prefixes = lookup_keys(event)
        assert keys & set(exact) or any(k.startswith(p) for k in keys for p in prefixes), event
    exact, prefixes = lookup_keys(ev(source=["IRN"]))
    assert not keys & set(exact) and not any(k.startswith(p) for k in keys for p in prefixes)


def test_facts_aggregate_counts_outlets_not_copies() -> None:
    members = [
        ev(event_id="e1", doc_id="a", outlet="Wire A", date="2023-09", factuality="possible"),
        ev(
            event_id="e2",
            doc_id="b",
            outlet="Paper B",
            date="2023-09-13",
            original_doc_id="a",
            original_outlet="Wire A",
        ),
        ev(
            event_id="e3",
            doc_id="c",
            outlet="Paper C",
            date=None,
            weapons=["artillery"],
            published="2023-10-09",
        ),
    ]
    fact, relation = aggregate("f1", "arms_transfer", members)
    assert fact.n_events == 3
    assert fact.n_outlets == 2
    assert fact.weapons == ("ammunition", "artillery")
    assert fact.date == "2023-09-13"
    assert (fact.factuality, fact.weakest_factuality) == ("certain", "possible")
    assert (fact.first_reported, fact.last_reported) == ("2023-10-02", "2023-10-09")
    assert set(relation.values()) == {"support"}
    assert fact.summary.startswith(
        "PRK → RUS: arms transfer (ammunition, artillery), certain, 2023-09-13; 2 outlets"
    )


def test_facts_negated_reports_and_denials_contradict() -> None:
    members = [
        ev(event_id="e1", doc_id="a"),
        ev(event_id="e2", doc_id="b", factuality="negated", attributed_to="PRK"),
        ev(event_id="e3", doc_id="b", type="denial", source=["PRK"], target=[], weapons=[]),
    ]
    fact, relation = aggregate("f1", "arms_transfer", members)
    assert relation == {"e1": "support", "e2": "contradiction", "e3": "contradiction"}
    assert (fact.factuality, fact.weakest_factuality) == ("certain", "negated")
    assert (fact.n_events, fact.n_contradictions, fact.n_outlets) == (1, 1, 1)


def test_facts_only_negated_reports_make_a_negated_fact() -> None:
    members = [ev(event_id="e1", factuality="negated"), ev(event_id="e2", doc_id="b", factuality="negated")]
    assert relations("arms_transfer", members) == {"e1": "support", "e2": "support"}
    fact, _ = aggregate("f1", "arms_transfer", members)
    assert fact.factuality == "negated" and fact.n_contradictions == 0


def test_facts_meeting_roles_follow_the_majority() -> None:
    members = [
        ev(event_id="e1", type="meeting", source=["PRK"], target=["RUS"], weapons=[]),
        ev(event_id="e2", type="meeting", source=["RUS"], target=["PRK"], weapons=[]),
        ev(event_id="e3", type="meeting", source=["PRK"], target=["RUS"], weapons=[]),
    ]
    fact, _ = aggregate("f1", "meeting", members)
    assert (fact.source, fact.target) == (("PRK",), ("RUS",))
