"""The running aggregate of a fact agrees with ``aggregate`` over the same members, in any order."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from armswatch.kb.records import Conflict
from armswatch.stories.accumulate import FactAccumulator, agreed_date_of_counts
from armswatch.stories.facts import Involvement, aggregate, agreed_date, verb_forms

_ACTORS = st.lists(st.sampled_from(["PRK", "RUS", "IRN", "UKR"]), max_size=2, unique=True)
_DATES = st.sampled_from([None, "2023", "2023-09", "2023-09-12", "2023-09-13", "2024-01", "2022-05-02"])
_PUBLISHED = st.sampled_from([None, "2023-09-12", "2023-09-13T08:00:00Z", "2023-09-20", "2024-01-02"])
# Sentences written for this test, with the trigger each report is read from: an assertion, a
# condition ("if"), a prohibition ("banned") and a sentence two reports may share.
_SENTENCES = st.sampled_from(
    [
        ("Pyongyang sent missiles to Moscow by rail.", "sent"),
        ("Moscow would pay a price if it bought drones.", "bought"),
        ("The council banned deliveries of drones to the region.", "deliveries"),
        ("Officials spoke of a shipment on Friday.", "shipment"),
    ]
)
_RULES = st.sampled_from([None, "transfer_verb", "transfer_verb > disowned"])
# Who is party to what: Kyiv and Moscow are at war from 2022, Tehran's ministry speaks for Tehran.
_INVOLVEMENT = Involvement(
    state_of=lambda actor: "IRN" if actor == "irn_mod" else None,
    conflicts=(Conflict(id="ukr", sides=(("UKR",), ("RUS",)), places=(), start="2022-02", end=None),),
)
_FORBIDDING = verb_forms(["ban"])


@st.composite
def _members(draw: st.DrawFn, type: str) -> list[dict[str, Any]]:
    n = draw(st.integers(min_value=1, max_value=12))
    members = []
    for i in range(n):
        doc = draw(st.integers(min_value=0, max_value=5))
        original = draw(st.sampled_from([None, None, 0, 1]))
        members.append(
            {
                "event_id": f"e{i:02d}",
                "doc_id": f"d{doc}",
                "type": draw(st.sampled_from([type, type, type, "denial"])),
                "source": draw(_ACTORS),
                "target": draw(_ACTORS),
                "weapons": draw(
                    st.lists(st.sampled_from(["other", "missiles", "drones"]), max_size=2, unique=True)
                ),
                "factuality": draw(st.sampled_from(["certain", "possible", "negated"])),
                "date": draw(_DATES),
                "published": draw(_PUBLISHED),
                "evidence_start": draw(st.integers(min_value=0, max_value=3)),
                "outlet": draw(st.sampled_from([None, "Post", "Times", "Ledger"])),
                "original_doc_id": None if original is None else f"d{original}",
                "original_outlet": draw(st.sampled_from([None, "Post"])) if original is not None else None,
                "story": draw(st.sampled_from([None, "s1", "s2"])),
                "attributed_to": draw(st.sampled_from([None, None, "UKR", "RUS", "USA", "irn_mod"])),
                "voiced_by": draw(st.lists(st.sampled_from(["SDN", "UKR", "PRK"]), max_size=1)),
                "rule": draw(_RULES),
                **dict(zip(("evidence", "trigger"), draw(_SENTENCES), strict=True)),
            }
        )
    return members


def _in_fact_order(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The order Reader.fact_members gives, which aggregate expects.
    return sorted(
        members,
        key=lambda m: (
            m["published"] is None,
            m["published"] or "",
            m["doc_id"],
            m["evidence_start"],
            m["event_id"],
        ),
    )


@given(
    st.sampled_from(["arms_transfer", "meeting", "accusation"]).flatmap(
        lambda t: st.tuples(st.just(t), _members(t))
    ),
    st.randoms(),
)
def test_the_running_aggregate_equals_the_whole_one(case: tuple[str, list[dict[str, Any]]], rng: Any) -> None:
    type, members = case
    if not any(m["type"] == type for m in members):
        members[0]["type"] = type
    shuffled = list(members)
    rng.shuffle(shuffled)
    acc = FactAccumulator(type, involvement=_INVOLVEMENT, forbidding=_FORBIDDING)
    relations: dict[str, str] = {}
    for member in shuffled:
        relations.update(acc.add(member))
    summary, relation = aggregate(
        "f1", type, _in_fact_order(members), involvement=_INVOLVEMENT, forbidding=_FORBIDDING
    )
    assert acc.summary("f1") == summary
    assert acc.relations() == relation
    # The changes reported one add at a time add up to the final relations.
    assert relations == relation


@given(st.lists(_DATES, max_size=8))
def test_the_agreed_date_of_counts_is_the_agreed_date(dates: list[str | None]) -> None:
    counts: dict[str, int] = {}
    for date in dates:
        if date:
            counts[date] = counts.get(date, 0) + 1
    assert agreed_date_of_counts(counts) == agreed_date(dates)


def test_a_report_added_to_a_large_fact_reads_only_itself(monkeypatch: Any) -> None:
    # Issue 17: the n-th report of a fact re-read (and re-aggregated) all n members before it.
    from armswatch.store import SQLiteReader
    from armswatch.stories import StoryUpdater
    from stories_support import article, event, new_store, save

    text = "North Korea shipped artillery shells to Russia. Rail cars crossed the border at night."
    store = new_store()
    for n in range(40):
        doc_id = f"r{n:02d}"
        # Words of its own in every report, so that none is a near-duplicate of another.
        own = " ".join(f"w{n}x{k}" for k in range(30))
        body = f"{text} Report {n} lists {own}."
        save(
            store, article(doc_id, body, published="2023-09-13", outlet=f"Outlet {n}"), [event(doc_id, body)]
        )
    reads: list[int] = []
    members = SQLiteReader.fact_members

    def counted(self: SQLiteReader, fact_id: str, **kw: Any) -> list[dict[str, Any]]:
        rows = members(self, fact_id, **kw)
        reads.append(len(rows))
        return rows

    monkeypatch.setattr(SQLiteReader, "fact_members", counted)
    # Batches of five, each its own transaction: nobody else writes, so nothing is re-read.
    StoryUpdater(store).run(batch=5)
    fact = next(store.read.facts())
    assert fact["n_events"] == 40 and fact["n_outlets"] == 40
    # One member read per report placed, never the whole fact again.
    assert reads.count(1) >= 39
    assert sum(reads) <= 40 + 2


def test_running_aggregates_are_dropped_when_another_process_writes(tmp_path: Any) -> None:
    from armswatch.store import open_store
    from armswatch.stories import StoryUpdater, update
    from stories_support import article, event, save

    text = "North Korea shipped artillery shells to Russia. Rail cars crossed the border at night."

    def report(n: int) -> tuple[Any, Any]:
        own = " ".join(f"w{n}x{k}" for k in range(30))
        body = f"{text} Report {n} lists {own}."
        return article(f"r{n}", body, published="2023-09-13", outlet=f"Outlet {n}"), event(f"r{n}", body)

    path = tmp_path / "shared.db"
    with open_store(path) as mine, open_store(path) as theirs:
        updater = StoryUpdater(mine)
        for n in range(3):
            art, ev = report(n)
            save(mine, art, [ev])
        updater.run()
        # Another process places a fourth report of the same fact meanwhile.
        art, ev = report(3)
        save(theirs, art, [ev])
        update(theirs)
        art, ev = report(4)
        save(mine, art, [ev])
        updater.run()
        fact = next(mine.read.facts())
    assert fact["n_events"] == 5 and fact["n_outlets"] == 5


def test_facts_grown_report_by_report_equal_their_whole_aggregate() -> None:
    # The stored facts after one update per report (the running path) are the facts `aggregate`
    # gives from all their members: statuses, contradictions per outlet and sentence, speakers.
    from armswatch.stories import StoryUpdater
    from armswatch.stories.facts import FactSummary
    from stories_support import article, event, new_store, save

    claim = "Kyiv's intelligence said Pyongyang sent shells to Moscow. The border stayed shut."
    hedge = "Pyongyang may have sent shells to Moscow, officials in Seoul said. The border stayed shut."
    own = "Pyongyang sent shells to Moscow by rail, the paper found. The border stayed shut."
    denial = "Pyongyang denied that it sent shells to Moscow. The statement came late."
    store = new_store()
    updater = StoryUpdater(store)
    reports = [
        ("kyiv", claim, {"attributed_to": "UKR"}, "Kyiv Desk"),
        ("seoul", hedge, {"factuality": "possible", "attributed_to": "KOR"}, "Seoul Desk"),
        ("deny", denial, {"factuality": "negated", "attributed_to": "PRK"}, "Wire A"),
        ("deny2", denial + " Repeated.", {"factuality": "negated", "attributed_to": "PRK"}, "Wire A"),
        ("paper", own, {}, "Paper B"),
    ]
    for n, (doc_id, text, fields, outlet) in enumerate(reports):
        ev = event(doc_id, text, date="2024-10", **fields)
        save(store, article(doc_id, text, published=f"2024-11-{n + 1:02d}", outlet=outlet), [ev])
        updater.run()
        for row in store.read.facts():
            members = store.read.fact_members(row["fact_id"])
            whole, relation = aggregate(
                row["fact_id"],
                row["type"],
                members,
                involvement=updater.involvement,
                forbidding=updater.forbidding,
            )
            stored = {k: row[k] for k in FactSummary.__dataclass_fields__}
            expected = {k: list(v) if isinstance(v, tuple) else v for k, v in whole.as_row().items()}
            assert stored == expected, doc_id
            assert {m["event_id"]: m["relation"] for m in members} == relation
    fact = next(store.read.facts(type="arms_transfer"))
    assert fact["status"] == "reported" and fact["contradicted_by"] == ["PRK"]
