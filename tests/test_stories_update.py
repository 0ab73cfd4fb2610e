"""The incremental stories stage on a real (in-memory) store."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from armswatch.export import export_articles
from armswatch.store import Store
from armswatch.stories import rebuild, update
from stories_support import (
    CRICKET,
    RAFALE,
    SUMMIT_A,
    SUMMIT_B,
    actor_mentions,
    article,
    event,
    new_store,
    only,
    save,
)

COPY_OF_A = SUMMIT_A.replace("on Wednesday", "on Wednesday 13 September") + " Reporting by wire staff."
CLAIM = "Kim Jong Un is expected to supply artillery shells to Russia, experts said."
IRAN_CLAIM = (
    "Iran has sent hundreds of Shahed drones to Russia since August, Ukrainian officials said. "
    "The drones have been used in strikes on Kyiv."
)
IRAN_DENIAL = (
    "Tehran denied on Saturday that it had supplied drones to Russia for the war in Ukraine. "
    "Foreign Minister Hossein Amir-Abdollahian spoke to reporters."
)


def stories_of(store: Store) -> dict[str, str | None]:
    return {a["doc_id"]: a["story"] for a in store.read.articles()}


def partition(mapping: dict[str, Any]) -> set[frozenset[str]]:
    groups: dict[Any, set[str]] = {}
    for key, group in mapping.items():
        groups.setdefault(group, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def seed_summit(store: Store) -> None:
    claim_a = event("a", SUMMIT_A, SUMMIT_A.split(". ")[3], factuality="possible", attributed_to="USA")
    save(store, article("a", SUMMIT_A, outlet="Wire A"), [claim_a])
    claim_b = event("b", SUMMIT_B, SUMMIT_B.split(". ")[2], factuality="possible", date="2023-09")
    save(store, article("b", SUMMIT_B, published="2023-09-14", outlet="Paper B"), [claim_b])
    save(store, article("c", CRICKET, published="2023-11-19", outlet="Sport Daily"))
    save(store, article("d", RAFALE, published="2025-04-28", outlet="Wire A"))


def test_update_clusters_reports_of_one_happening() -> None:
    store = new_store()
    seed_summit(store)
    report = update(store)
    assert report.articles == 4 and report.stories_opened == 3
    assert partition(stories_of(store)) == {frozenset({"a", "b"}), frozenset({"c"}), frozenset({"d"})}
    story = store.read.story(stories_of(store)["a"])
    assert story is not None
    assert (story["n_articles"], story["n_outlets"]) == (2, 2)
    assert (story["first_published"], story["last_published"]) == ("2023-09-13", "2023-09-14")
    assert [a["doc_id"] for a in story["articles"]] == ["a", "b"]
    assert story["label"] == article("a", SUMMIT_A).title


def test_update_keeps_a_later_report_apart() -> None:
    store = new_store()
    save(store, article("a", SUMMIT_A))
    save(store, article("b", SUMMIT_B, published="2024-09-14"))
    update(store)
    assert len(partition(stories_of(store))) == 2


def test_update_syndicated_copy_is_not_counted_twice() -> None:
    store = new_store()
    sentence = SUMMIT_A.split(". ")[3]
    save(
        store,
        article("a", SUMMIT_A, outlet="Wire A"),
        [event("a", SUMMIT_A, sentence, factuality="possible")],
    )
    save(
        store,
        article("copy", COPY_OF_A, published="2023-09-14", outlet="Paper B"),
        [event("copy", COPY_OF_A, sentence, factuality="possible")],
    )
    report = update(store)
    assert report.near_duplicates == 1
    link = only(list(store.read.near_duplicates()))
    assert (link["doc_id"], link["original_doc_id"], link["kind"]) == ("copy", "a", "near_duplicate")
    assert link["similarity"] >= 0.5
    fact = only(list(store.read.facts(type="arms_transfer")))
    assert (fact["n_events"], fact["n_outlets"]) == (2, 1)
    assert stories_of(store)["copy"] == stories_of(store)["a"]

    claim = SUMMIT_B.split(". ")[2]
    save(
        store, article("b", SUMMIT_B, published="2023-09-14", outlet="Paper C"), [event("b", SUMMIT_B, claim)]
    )
    update(store)
    fact = only(list(store.read.facts(type="arms_transfer")))
    assert (fact["n_events"], fact["n_outlets"]) == (3, 2)
    detail = store.read.fact(fact["fact_id"])
    assert detail is not None
    copied = [e for e in detail["events"] if e["doc_id"] == "copy"]
    assert only(copied)["original_doc_id"] == "a"


def test_update_older_copy_becomes_the_original() -> None:
    store = new_store()
    save(store, article("late", COPY_OF_A, published="2023-09-15", outlet="Paper B"))
    update(store)
    save(store, article("early", SUMMIT_A, published="2023-09-13", outlet="Wire A"))
    update(store)
    link = only(list(store.read.near_duplicates()))
    assert (link["doc_id"], link["original_doc_id"]) == ("late", "early")


def test_update_denial_is_attached_as_contradiction() -> None:
    store = new_store()
    claim = event("claim", IRAN_CLAIM, source=("IRN",), target=("RUS",), weapons=("drones",), date="2022-08")
    save(store, article("claim", IRAN_CLAIM, published="2022-10-20", outlet="Kyiv Desk"), [claim])
    sentence = IRAN_DENIAL.split(". ")[0] + "."
    denial = event("deny", IRAN_DENIAL, sentence, type="denial", source=("IRN",), target=(), weapons=())
    negated = event(
        "deny",
        IRAN_DENIAL,
        sentence,
        source=("IRN",),
        target=("RUS",),
        weapons=("drones",),
        factuality="negated",
        attributed_to="IRN",
    )
    save(store, article("deny", IRAN_DENIAL, published="2022-10-22", outlet="Gulf Wire"), [denial, negated])
    update(store)
    fact = only(list(store.read.facts(type="arms_transfer")))
    assert (fact["factuality"], fact["weakest_factuality"]) == ("certain", "negated")
    assert (fact["n_events"], fact["n_outlets"], fact["n_contradictions"]) == (1, 1, 1)
    detail = store.read.fact(fact["fact_id"])
    assert detail is not None
    relations = {(e["doc_id"], e["type"]): e["relation"] for e in detail["events"]}
    assert relations == {
        ("claim", "arms_transfer"): "support",
        ("deny", "arms_transfer"): "contradiction",
        ("deny", "denial"): "contradiction",
    }
    assert [(g["regime"], g["resolution"], g["clause"]) for g in fact["flags"]] == [
        ("iran", "2231", "Annex B §4")
    ]
    denial_fact = only(list(store.read.facts(type="denial")))
    assert denial_fact["n_events"] == 1


def test_update_denial_of_a_named_claimant_contradicts_its_claim() -> None:
    store = new_store()
    text = (
        "The United States said Iran shipped 750 tonnes of missiles and drones to the Houthis in July. "
        "Iran rejected the American claim as baseless."
    )
    first, second = text.split(". ")
    claim = event(
        "d",
        text,
        first + ".",
        source=("IRN",),
        target=("houthis",),
        weapons=("missiles",),
        attributed_to="USA",
    )
    denial = event("d", text, second, type="denial", source=("IRN",), target=("USA",), weapons=(), date=None)
    save(store, article("d", text, published="2025-07-17"), [claim, denial])
    update(store)
    fact = only(list(store.read.facts(type="arms_transfer")))
    assert fact["n_contradictions"] == 1
    assert [g["regime"] for g in fact["flags"]] == ["yemen"]


def test_update_undated_claim_of_two_outlets_is_one_fact() -> None:
    store = new_store()
    other = "North Korea may ship artillery shells and rockets to Russia, analysts in Seoul believe."
    first = event("one", CLAIM, factuality="possible")
    second = event("two", other, factuality="possible", weapons=("ammunition", "rockets"))
    save(store, article("one", CLAIM, published=None, outlet="India Desk"), [first])
    save(store, article("two", other, published=None, outlet="Quad Watch"), [second])
    update(store)
    fact = only(list(store.read.facts(type="arms_transfer")))
    assert (fact["n_events"], fact["n_outlets"], fact["factuality"]) == (2, 2, "possible")
    assert fact["date"] is None and fact["first_reported"] is None
    flag = only(fact["flags"])
    assert (fact["status"], flag["regime"], flag["status"]) == ("hedged", "dprk", "alleged_breach")
    assert flag["reasoning"].startswith(
        "arms_transfer PRK→RUS, ammunition, rockets, undated: UNSCR 1718 §8(b)"
    )


def test_update_is_incremental_and_rebuild_agrees() -> None:
    store = new_store()
    seed_summit(store)
    assert update(store).articles == 4
    before = stories_of(store)
    assert update(store).articles == 0
    text = "Vladimir Putin and Kim Jong Un ended their talks at the Vostochny Cosmodrome on Thursday."
    save(store, article("e", text, published="2023-09-14", outlet="Radio D"), [event("e", text, weapons=())])
    assert update(store).articles == 1
    after = stories_of(store)
    assert {k: v for k, v in after.items() if k != "e"} == before
    assert after["e"] == after["a"]
    facts_before = {(f["type"], f["n_events"], f["n_outlets"]) for f in store.read.facts()}
    stories_before = partition(stories_of(store))
    report = rebuild(store)
    assert report.articles == 5
    assert partition(stories_of(store)) == stories_before
    assert {(f["type"], f["n_events"], f["n_outlets"]) for f in store.read.facts()} == facts_before


def test_update_reingested_document_replaces_its_facts() -> None:
    store = new_store()
    save(store, article("a", SUMMIT_A), [event("a", SUMMIT_A, weapons=("ammunition",))])
    save(store, article("b", SUMMIT_B, published="2023-09-14", outlet="Paper B"), [event("b", SUMMIT_B)])
    update(store)
    story = stories_of(store)["a"]
    assert only(list(store.read.facts()))["n_events"] == 2
    changed = SUMMIT_A + " A correction was appended."
    tech = event(
        "a", changed, type="tech_transfer", source=("RUS",), target=("PRK",), weapons=("satellites",)
    )
    save(store, article("a", changed), [tech])
    report = update(store)
    assert report.stale_facts == 1 and report.articles == 1
    assert stories_of(store)["a"] == story
    by_type = {f["type"]: f for f in store.read.facts()}
    assert by_type["arms_transfer"]["n_events"] == 1
    assert by_type["tech_transfer"]["flags"][0]["regime"] == "dprk"


def test_update_story_is_exported_with_articles() -> None:
    store = new_store()
    seed_summit(store)
    update(store)
    out = io.StringIO()
    export_articles(store.read, out, format="jsonl")
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all(row["story"] for row in rows)
    assert rows[0]["story"] == rows[1]["story"] != rows[2]["story"]


def test_update_mentions_feed_the_story_terms() -> None:
    store = new_store()
    names = {"Kim Jong Un": "PRK", "Pyongyang": "PRK", "Vladimir Putin": "RUS", "Moscow": "RUS"}
    save(store, article("a", SUMMIT_A), mentions=actor_mentions(SUMMIT_A, names))
    update(store)
    sketch = store._conn.execute("SELECT terms FROM article_sketches WHERE doc_id = 'a'").fetchone()[0]
    assert {"a:PRK", "a:RUS"} <= set(json.loads(sketch))


def test_pipeline_reports_a_failed_stories_update(monkeypatch: pytest.MonkeyPatch) -> None:
    from armswatch import pipeline, stories

    def broken(store: Store) -> None:
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(stories, "update", broken)
    report = pipeline.IngestReport()
    pipeline._update_stories(new_store(), report)
    assert report.errors == 1
    assert report.error_messages == ["stories: index unavailable (run `armswatch rebuild`)"]


# Sentences written for these tests: three states deny one American report in turn.
DENIALS = {
    "pyongyang": (("PRK",), "Pyongyang denied on Monday the American report that it had armed Moscow."),
    "joint": (("PRK", "RUS"), "Moscow and Pyongyang jointly denied the American report on Tuesday."),
    "moscow": (("RUS",), "Moscow denied the American report again at a briefing on Wednesday."),
    "pyongyang-again": (("PRK",), "North Korea's envoy also denied the American report on Monday."),
}


def test_update_denials_by_different_speakers_do_not_snowball() -> None:
    store = new_store()
    for n, (doc_id, (speakers, text)) in enumerate(DENIALS.items()):
        denial = event(
            doc_id, text, type="denial", source=speakers, target=("USA",), weapons=(), date="2024-11-04"
        )
        save(store, article(doc_id, text, published="2024-11-05", outlet=f"Outlet {n}"), [denial])
    update(store)
    facts = list(store.read.facts(type="denial"))
    assert sorted(tuple(f["source"]) for f in facts) == [("PRK",), ("PRK", "RUS"), ("RUS",)]
    by_source = {tuple(f["source"]): f for f in facts}
    assert by_source[("PRK",)]["n_outlets"] == 2
    assert all(f["target"] == ["USA"] for f in facts)


BELLIGERENT_CLAIM = (
    "Kyiv's military intelligence said Iran had sent a new batch of attack drones to Russia in August. "
    "Tehran has not commented."
)


def test_update_a_belligerent_only_claim_is_claimed_and_an_alleged_breach() -> None:
    store = new_store()
    claim = event(
        "kyiv",
        BELLIGERENT_CLAIM,
        source=("IRN",),
        target=("RUS",),
        weapons=("drones",),
        date="2022-08",
        attributed_to="UKR",
    )
    save(store, article("kyiv", BELLIGERENT_CLAIM, published="2022-09-02", outlet="Kyiv Desk"), [claim])
    update(store)
    fact = only(list(store.read.facts(type="arms_transfer")))
    assert fact["status"] == "claimed"
    assert "UKR" in fact["status_note"]
    assert [(g["regime"], g["status"]) for g in fact["flags"]] == [("iran", "alleged_breach")]
    assert store.read.facts(status="claimed") and [
        f["fact_id"] for f in store.read.facts(status="claimed")
    ] == [fact["fact_id"]]


SHELL_REPORT = "North Korea shipped artillery shells to Russia by rail in October, the ministry said."
SHELL_DENIAL = (
    "Pyongyang rejected reports that it had shipped artillery shells to Russia. "
    "A foreign ministry statement called the reports a smear campaign by Washington and Seoul. "
    "The statement was carried by the official news agency and repeated on state television."
)


def test_update_ten_syndicated_copies_of_a_denial_contradict_once() -> None:
    store = new_store()
    claim = event("claim", SHELL_REPORT, date="2024-10")
    save(store, article("claim", SHELL_REPORT, published="2024-11-01", outlet="Seoul Desk"), [claim])
    sentence = SHELL_DENIAL.split(". ")[0] + "."
    for n in range(10):
        text = SHELL_DENIAL + (f" Distributed by partner {n}." if n else "")
        doc_id = f"copy{n}"
        negated = event(doc_id, text, sentence, factuality="negated", attributed_to="PRK", date=None)
        denial = event(
            doc_id, text, sentence, type="denial", source=("PRK",), target=(), weapons=(), date=None
        )
        save(
            store,
            article(doc_id, text, published=f"2024-11-{2 + n:02d}", outlet=f"Reprint {n}"),
            [negated, denial],
        )
    update(store)
    assert len(list(store.read.near_duplicates())) == 9
    fact = only(list(store.read.facts(type="arms_transfer")))
    assert (fact["n_outlets"], fact["n_contradictions"]) == (1, 1)
    assert fact["contradicted_by"] == ["PRK"]


ACCUSATION = "Khartoum accused Abu Dhabi on Tuesday of arming the paramilitary forces with drones."


def test_update_a_transfer_voiced_by_an_accusation_is_that_speakers_claim() -> None:
    store = new_store()
    arming = event(
        "acc", ACCUSATION, source=("ARE",), target=("rsf",), weapons=("drones",), date="2025-05-06"
    )
    accusation = event("acc", ACCUSATION, type="accusation", source=("SDN",), target=("ARE",), weapons=())
    save(store, article("acc", ACCUSATION, published="2025-05-07", outlet="Nile Desk"), [arming, accusation])
    update(store)
    fact = only(list(store.read.facts(type="arms_transfer")))
    assert fact["status"] == "claimed"
    members = store.read.fact_members(fact["fact_id"])
    assert [m["voiced_by"] for m in members] == [["SDN"]]
    assert only(list(store.read.facts(type="accusation")))["status"] == "reported"
