"""Facts: when two reports state the same thing, and what the merged fact says."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.kb import load_kb
from armswatch.stories import aggregate, match_score
from armswatch.stories.facts import (
    Involvement,
    agreed_date,
    date_gap,
    fact_keys,
    lookup_keys,
    relations,
    stance,
    verb_forms,
)


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
        "evidence": "North Korea shipped artillery shells to Russia.",
        "trigger": "shipped",
        "rule": "test",
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
        "PRK → RUS: arms transfer (ammunition, artillery), reported, 2023-09-13; 2 outlets"
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
    # The negated event and the denial read from one sentence contradict once.
    assert (fact.n_events, fact.n_contradictions, fact.n_outlets) == (1, 1, 1)
    assert fact.contradicted_by == ("PRK",)


def test_facts_only_negated_reports_make_a_denied_fact() -> None:
    members = [
        ev(event_id="e1", factuality="negated", evidence="Pyongyang sent no shells."),
        ev(event_id="e2", doc_id="b", outlet="Paper B", factuality="negated", evidence="No shells went."),
    ]
    assert relations("arms_transfer", members) == {"e1": "contradiction", "e2": "contradiction"}
    fact, _ = aggregate("f1", "arms_transfer", members)
    assert fact.factuality == "negated" and fact.status == "denied"
    assert (fact.n_outlets, fact.n_contradictions) == (0, 2)
    assert (fact.source, fact.target) == (("PRK",), ("RUS",))


def test_facts_meeting_roles_follow_the_majority() -> None:
    members = [
        ev(event_id="e1", type="meeting", source=["PRK"], target=["RUS"], weapons=[]),
        ev(event_id="e2", type="meeting", source=["RUS"], target=["PRK"], weapons=[]),
        ev(event_id="e3", type="meeting", source=["PRK"], target=["RUS"], weapons=[]),
    ]
    fact, _ = aggregate("f1", "meeting", members)
    assert (fact.source, fact.target) == (("PRK",), ("RUS",))


# --- the merging rule, clause by clause ------------------------------------------------------


def test_rule_1_type_must_agree() -> None:
    assert match_score(ev(type="tech_transfer"), ev(event_id="f")) is None


@pytest.mark.parametrize(
    ("event", "fact"),
    [
        ({"source": ["PRK"]}, {"source": ["PRK", "komid"]}),  # fewer suppliers: a subset
        ({"source": ["PRK", "komid"]}, {"source": ["PRK"]}),  # more: the fact is the subset
        ({"target": []}, {"target": ["RUS"]}),  # an unknown role
    ],
)
def test_rule_2_a_subset_of_parties_joins(event: dict[str, Any], fact: dict[str, Any]) -> None:
    assert match_score(ev(**event), ev(event_id="f", **fact)) is not None


@pytest.mark.parametrize(
    ("event", "fact"),
    [
        ({"source": ["PRK", "IRN"]}, {"source": ["PRK", "BLR"]}),  # overlapping suppliers
        ({"target": ["RUS", "BLR"]}, {"target": ["RUS", "SYR"]}),  # overlapping recipients
    ],
)
def test_rule_2_overlapping_parties_stay_apart(event: dict[str, Any], fact: dict[str, Any]) -> None:
    assert match_score(ev(**event), ev(event_id="f", **fact)) is None


def test_rule_2_symmetric_parties_nest() -> None:
    summit = ev(type="meeting", source=["PRK"], target=["RUS"], weapons=[])
    trio = ev(type="meeting", source=["CHN", "RUS"], target=["PRK"], weapons=[])
    other = ev(type="meeting", source=["RUS", "BLR"], target=[], weapons=[])
    assert match_score(summit, trio) is not None
    assert match_score(other, trio) is None


def test_rule_2_an_exact_match_beats_a_subset() -> None:
    exact = match_score(ev(), ev(event_id="f"))
    looser = match_score(ev(), ev(event_id="f", source=["PRK", "komid"]))
    assert exact is not None and looser is not None and exact > looser


def _denial(speaker: str, **kw: Any) -> dict[str, Any]:
    return ev(
        **{
            "type": "denial",
            "source": [speaker],
            "target": ["USA"],
            "weapons": [],
            "date": "2024-11-02",
            **kw,
        }
    )


def test_rule_3_statements_merge_only_with_the_same_speakers() -> None:
    assert match_score(_denial("IRN"), _denial("IRN", event_id="f")) is not None
    for other in ("KOR", "PRK"):
        assert match_score(_denial(other), _denial("IRN", event_id="f")) is None
    both = ev(type="denial", source=["IRN", "RUS"], target=["USA"], weapons=[], date="2024-11-02")
    assert match_score(_denial("IRN"), both) is None
    unnamed = ev(type="denial", source=[], target=["USA"], weapons=[], date="2024-11-02")
    assert match_score(unnamed, _denial("IRN", event_id="f")) is None


def test_rule_4_weapons_must_be_compatible() -> None:
    assert match_score(ev(weapons=["drones"]), ev(event_id="f")) is None
    assert match_score(ev(weapons=["other"]), ev(event_id="f")) is not None
    assert match_score(ev(weapons=["ammunition", "missiles"]), ev(event_id="f")) is not None


def test_rule_5_dated_reports_of_another_occurrence_stay_apart() -> None:
    assert match_score(ev(date="2023-09-20"), ev(event_id="f", date="2023-09-13")) is None
    assert match_score(ev(date="2023-09-15"), ev(event_id="f", date="2023-09-13")) is not None


def test_rule_5_an_undated_report_two_years_on_is_another_occurrence() -> None:
    fact = ev(event_id="f", date=None, first_reported="2023-10-02", last_reported="2023-10-05")
    assert match_score(ev(date=None), fact, published="2023-10-20") is not None
    assert match_score(ev(date=None), fact, published="2025-10-20") is None
    # A dated report against an undated fact, and an undated one against a dated fact.
    assert match_score(ev(date="2025-03"), fact, published="2025-03-20") is None
    # A deed of 2022 first told in a dispatch of 2023 is placed by the dispatch.
    assert match_score(ev(date="2022"), fact, published="2023-10-09") is not None
    assert match_score(ev(date=None), ev(event_id="f", date="2023-09"), published="2025-06-01") is None


def test_rule_5_a_statement_is_news_for_days() -> None:
    fact = _denial("IRN", event_id="f", date=None, first_reported="2024-11-02", last_reported="2024-11-02")
    assert match_score(_denial("IRN", date=None), fact, published="2024-11-04") is not None
    assert match_score(_denial("IRN", date=None), fact, published="2024-12-20") is None


# --- stances and counting --------------------------------------------------------------------

FORBIDDING = verb_forms(["ban", "bar", "forbid", "outlaw", "prohibit"])


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        ({}, "asserts"),
        (
            {
                "factuality": "possible",
                "evidence": "Analysts said Pyongyang might ship shells.",
                "trigger": "ship",
            },
            "hedges",
        ),
        ({"factuality": "negated"}, "negates"),
        ({"factuality": "negated", "rule": "arms_transfer:give:noun:shipment > disowned"}, "dismisses"),
        ({"type": "denial"}, "denies"),
        (
            {
                "factuality": "possible",
                "evidence": "Seoul warned that Pyongyang would pay a price if it sold arms to Moscow.",
                "trigger": "sold",
            },
            "conditional",
        ),
        (
            {
                "evidence": "The resolutions prohibit the transfer of arms to Pyongyang.",
                "trigger": "transfer",
            },
            "forbids",
        ),
    ],
)
def test_stance_of_a_report(report: dict[str, Any], expected: str) -> None:
    assert stance(ev(**report), "arms_transfer", forbidding=FORBIDDING) == expected


def test_dismissals_warnings_and_prohibitions_do_not_support() -> None:
    members = [
        ev(event_id="e1", doc_id="a", outlet="Wire A"),
        ev(
            event_id="e2",
            doc_id="b",
            outlet="Paper B",
            factuality="negated",
            attributed_to="IRN",
            rule="arms_transfer:give:noun:shipment > disowned",
            evidence="Its spokesman had dismissed reports of shell shipments.",
        ),
        ev(
            event_id="e3",
            doc_id="c",
            outlet="Paper C",
            factuality="possible",
            trigger="sold",
            evidence="Seoul warned that Pyongyang would pay a price if it sold arms to Moscow.",
        ),
        ev(
            event_id="e4",
            doc_id="d",
            outlet="Paper D",
            trigger="transfer",
            evidence="UN resolutions prohibit the transfer of arms by North Korea.",
        ),
    ]
    fact, relation = aggregate("f1", "arms_transfer", members, forbidding=FORBIDDING)
    assert relation == {"e1": "support", "e2": "contradiction", "e3": "context", "e4": "context"}
    assert (fact.n_events, fact.n_outlets, fact.n_contradictions) == (1, 1, 1)
    assert fact.contradicted_by == ("IRN",)


def test_hedges_support_as_hedged() -> None:
    members = [
        ev(
            event_id="e1",
            factuality="possible",
            trigger="ship",
            evidence="An analyst said Pyongyang might ship shells to Moscow.",
        ),
        ev(event_id="e2", doc_id="b", outlet="Paper B", factuality="possible"),
    ]
    fact, relation = aggregate("f1", "arms_transfer", members)
    assert set(relation.values()) == {"support"}
    assert (fact.status, fact.n_outlets) == ("hedged", 2)


def test_ten_syndicated_copies_of_a_denial_contradict_once() -> None:
    denial = "Pyongyang rejected the claim that it had shipped shells."
    members = [ev(event_id="e0", doc_id="a", outlet="Wire A")]
    for n in range(10):
        copy = {"original_doc_id": "orig", "original_outlet": "Wire B"} if n else {}
        members.append(
            ev(
                event_id=f"d{n}",
                doc_id=f"copy{n}" if n else "orig",
                outlet=f"Reprint {n}" if n else "Wire B",
                type="denial",
                source=["PRK"],
                target=[],
                weapons=[],
                evidence=denial,
                **copy,
            )
        )
        members.append(
            ev(
                event_id=f"n{n}",
                doc_id=f"copy{n}" if n else "orig",
                outlet=f"Reprint {n}" if n else "Wire B",
                factuality="negated",
                attributed_to="PRK",
                evidence=denial,
                **copy,
            )
        )
    fact, _ = aggregate("f1", "arms_transfer", members)
    assert fact.n_contradictions == 1
    assert fact.n_outlets == 1


def test_contradictions_count_once_per_outlet_and_sentence() -> None:
    members = [
        ev(event_id="e0", doc_id="a", outlet="Wire A"),
        ev(event_id="e1", doc_id="b", outlet="Paper B", factuality="negated", evidence="No shells went."),
        ev(event_id="e2", doc_id="c", outlet="Paper B", factuality="negated", evidence="No shells went."),
        ev(event_id="e3", doc_id="c", outlet="Paper B", factuality="negated", evidence="Nothing was sent."),
        ev(event_id="e4", doc_id="d", outlet="Paper C", factuality="negated", evidence="No shells went."),
    ]
    fact, _ = aggregate("f1", "arms_transfer", members)
    assert fact.n_contradictions == 3


# --- status ----------------------------------------------------------------------------------


def _drones(**kw: Any) -> dict[str, Any]:
    return ev(source=["IRN"], target=["RUS"], weapons=["drones"], date="2024-09", **kw)


INVOLVEMENT = Involvement.from_kb(load_kb())


def test_status_reported_in_the_outlets_own_voice() -> None:
    fact, _ = aggregate("f1", "arms_transfer", [_drones()], involvement=INVOLVEMENT)
    assert fact.status == "reported"


def test_status_reported_by_an_uninvolved_third_party() -> None:
    fact, _ = aggregate("f1", "arms_transfer", [_drones(attributed_to="GBR")], involvement=INVOLVEMENT)
    assert fact.status == "reported"


def test_status_claimed_by_a_belligerent_against_its_adversary() -> None:
    # Ukraine is at war with the recipient (kb/conflicts.csv): its word alone is a claim.
    fact, _ = aggregate("f1", "arms_transfer", [_drones(attributed_to="UKR")], involvement=INVOLVEMENT)
    assert fact.status == "claimed"
    assert "UKR" in fact.status_note


def test_status_claimed_by_a_party_about_its_own_deed() -> None:
    fact, _ = aggregate("f1", "arms_transfer", [_drones(attributed_to="IRN")], involvement=INVOLVEMENT)
    assert fact.status == "claimed"


def test_status_disputed_when_a_claim_is_denied() -> None:
    members = [
        _drones(event_id="e1", attributed_to="UKR"),
        _drones(
            event_id="e2",
            doc_id="b",
            outlet="Paper B",
            factuality="negated",
            attributed_to="IRN",
            evidence="Tehran said it had sent no drones.",
        ),
    ]
    fact, _ = aggregate("f1", "arms_transfer", members, involvement=INVOLVEMENT)
    assert (fact.status, fact.contradicted_by) == ("disputed", ("IRN",))


def test_status_stays_reported_when_contradicted() -> None:
    members = [
        _drones(event_id="e1"),
        _drones(
            event_id="e2",
            doc_id="b",
            outlet="Paper B",
            factuality="negated",
            attributed_to="IRN",
            evidence="Tehran said it had sent no drones.",
        ),
    ]
    fact, _ = aggregate("f1", "arms_transfer", members, involvement=INVOLVEMENT)
    assert (fact.status, fact.n_contradictions) == ("reported", 1)
    assert fact.summary.endswith("1 contradicting (IRN)")


def test_status_of_a_statement_is_reported_by_its_report() -> None:
    accusation = ev(type="accusation", source=["UKR"], target=["IRN"], weapons=[], attributed_to="UKR")
    fact, _ = aggregate("f1", "accusation", [accusation], involvement=INVOLVEMENT)
    assert fact.status == "reported"


def test_status_claimed_when_the_sentence_is_a_belligerents_accusation() -> None:
    # "Khartoum accused Abu Dhabi of arming the RSF": the transfer is voiced by Sudan.
    arming = ev(source=["ARE"], target=["rsf"], weapons=["drones"], date="2025-05", voiced_by=["SDN"])
    fact, _ = aggregate("f1", "arms_transfer", [arming], involvement=INVOLVEMENT)
    assert fact.status == "claimed" and "SDN" in fact.status_note
    fact, _ = aggregate("f1", "arms_transfer", [{**arming, "voiced_by": []}], involvement=INVOLVEMENT)
    assert fact.status == "reported"
