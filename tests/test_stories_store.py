"""The store's read API for facts, stories and flags, and the schema around them."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.store import Store, open_store, schema
from armswatch.stories import update
from stories_support import SUMMIT_A, SUMMIT_B, article, event, new_store, save

DPRK = "North Korea shipped artillery shells to Russia in August, the South Korean military said."
DPRK_TOO = "Seoul believes Pyongyang may have begun sending shells to Moscow during August."
IRAN = "Iran delivered Shahed drones to Russia in September, Ukrainian officials said."
INDIA = "France delivered Rafale jets to India in March, the Indian Air Force said."


def corpus() -> Store:
    store = new_store()
    save(
        store,
        article("k1", DPRK, published="2023-09-01", outlet="Seoul Post"),
        [event("k1", DPRK, date="2023-08")],
    )
    save(
        store,
        article("k2", DPRK_TOO, published="2023-09-02", outlet="Tokyo Times"),
        [event("k2", DPRK_TOO, date="2023-08", factuality="possible")],
    )
    iran = event("i1", IRAN, source=("IRN",), target=("RUS",), weapons=("drones",), date="2022-09")
    save(store, article("i1", IRAN, published="2022-10-01", outlet="Kyiv Desk"), [iran])
    rafale = event("r1", INDIA, source=("FRA",), target=("IND",), weapons=("aircraft",), date="2021-03")
    save(store, article("r1", INDIA, published="2021-03-30", outlet="Delhi Daily"), [rafale])
    update(store)
    return store


def test_store_facts_sorted_by_corroboration() -> None:
    facts = list(corpus().read.facts())
    assert [f["n_outlets"] for f in facts] == [2, 1, 1]
    assert facts[0]["source"] == ["PRK"] and facts[0]["weapons"] == ["ammunition"]
    assert facts[1]["last_reported"] > facts[2]["last_reported"]
    assert set(facts[0]) >= {"fact_id", "summary", "flags", "n_contradictions", "story_id", "updated_at"}


@pytest.mark.parametrize(
    ("filters", "sources"),
    [
        ({"source": "IRN"}, [["IRN"]]),
        ({"target": "IND"}, [["FRA"]]),
        ({"actor": "RUS"}, [["PRK"], ["IRN"]]),
        ({"weapon": "drones"}, [["IRN"]]),
        ({"factuality": "certain"}, [["PRK"], ["IRN"], ["FRA"]]),
        ({"since": "2022-09", "until": "2023"}, [["PRK"], ["IRN"]]),
        ({"flagged": True}, [["PRK"], ["IRN"]]),
        ({"flagged": False}, [["FRA"]]),
        ({"type": "meeting"}, []),
        ({"limit": 1, "offset": 1}, [["IRN"]]),
    ],
)
def test_store_facts_filters(filters: dict[str, object], sources: list[list[str]]) -> None:
    assert [f["source"] for f in corpus().read.facts(**filters)] == sources  # type: ignore[arg-type]


def test_store_fact_and_flags() -> None:
    store = corpus()
    top = next(store.read.facts())
    detail = store.read.fact(top["fact_id"])
    assert detail is not None
    assert [e["doc_id"] for e in detail["events"]] == ["k1", "k2"]
    assert {e["relation"] for e in detail["events"]} == {"support"}
    assert detail["events"][0]["outlet"] == "Seoul Post" and detail["events"][0]["evidence"] == DPRK
    assert store.read.fact("nope") is None
    flags = list(store.read.flags())
    assert [(f["regime"], f["status"]) for f in flags] == [("dprk", "breach"), ("iran", "breach")]
    assert list(store.read.flags(status="contested")) == []
    with pytest.raises(ValueError, match="status must be one of"):
        list(store.read.flags(status="maybe"))


def test_store_stories_and_story() -> None:
    store = new_store()
    save(store, article("a", SUMMIT_A), [event("a", SUMMIT_A)])
    save(store, article("b", SUMMIT_B, published="2023-09-14", outlet="Paper B"), [event("b", SUMMIT_B)])
    update(store)
    stories = list(store.read.stories())
    assert len(stories) == 1
    story = store.read.story(stories[0]["story_id"])
    assert story is not None
    assert story["n_articles"] == 2 and len(story["facts"]) == 1
    assert story["facts"][0]["n_outlets"] == 2
    assert store.read.story("nope") is None
    assert list(store.read.stories(limit=0)) == []


def test_store_migration_upgrades_a_version_1_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = open_store(path)
    save(store, article("a", SUMMIT_A), [event("a", SUMMIT_A)])
    # Pretend the file predates version 2: drop what 0002 created and forget the migration.
    conn = store._conn
    conn.execute("DELETE FROM migrations WHERE version >= 2")
    tables = (
        "flags fact_actors fact_keys fact_events facts story_postings story_state article_links minhash_bands"
        " article_sketches term_df stale_facts stale_stories stories_pending stories story_outlets"
    )
    for table in tables.split(" "):
        conn.execute(f"DROP TABLE {table}")
    for trigger in (
        "articles_ai_stories",
        "events_bd_facts",
        "articles_bd_stories",
        "articles_ai_story_outlets",
        "articles_ad_story_outlets",
        "articles_au_story_outlets",
    ):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP INDEX idx_articles_story")
    conn.execute("DROP INDEX idx_articles_story_published")
    store.close()
    with open_store(path) as upgraded:
        assert upgraded.schema_version == schema.latest_version()
        with upgraded.story_index() as index:
            assert index.pending_articles() == ["a"]
        assert update(upgraded).articles == 1
        assert next(upgraded.read.facts())["n_events"] == 1


def test_store_story_assignment_does_not_reindex_text() -> None:
    store = new_store()
    save(store, article("a", SUMMIT_A))
    update(store)
    hits = list(store.read.articles(q="Vostochny"))
    assert [h["doc_id"] for h in hits] == ["a"] and hits[0]["story"]


def test_store_migration_3_keeps_facts_flags_and_triggers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v2.db"
    shipped = schema.migrations()
    monkeypatch.setattr(schema, "migrations", lambda: shipped[:2])
    with open_store(path) as old:
        assert old.schema_version == 2
        save(old, article("a", SUMMIT_A), [event("a", SUMMIT_A)])
        conn = old._conn
        (event_id,) = conn.execute("SELECT event_id FROM events").fetchone()
        conn.execute(
            "INSERT INTO facts (fact_id, type, factuality, weakest_factuality, n_events, n_outlets,"
            " updated_at) VALUES ('f1', 'arms_transfer', 'possible', 'possible', 1, 1, 'then')"
        )
        conn.execute("INSERT INTO fact_events VALUES ('f1', ?, 'support')", (event_id,))
        conn.execute("INSERT INTO flags VALUES ('g1', 'f1', 'dprk', '1718', '§8(b)', 'potential', 'why')")
    monkeypatch.undo()
    with open_store(path) as store:
        assert store.schema_version == schema.latest_version()
        conn = store._conn
        assert [tuple(r) for r in conn.execute("SELECT status, contradicted_by FROM facts").fetchall()] == [
            ("reported", "[]")
        ]
        assert [tuple(r) for r in conn.execute("SELECT * FROM fact_events").fetchall()] == [
            ("f1", event_id, "support")
        ]
        assert [tuple(r) for r in conn.execute("SELECT status FROM flags").fetchall()] == [("potential",)]
        assert [tuple(r) for r in conn.execute("SELECT fact_id FROM stale_facts").fetchall()] == [("f1",)]
        conn.execute("UPDATE fact_events SET relation = 'context'")
        conn.execute("UPDATE flags SET status = 'alleged_breach'")
        # The triggers survive the rebuild: deleting the event marks its fact stale again.
        conn.execute("DELETE FROM stale_facts")
        conn.execute("DELETE FROM events")
        assert [tuple(r) for r in conn.execute("SELECT fact_id FROM stale_facts").fetchall()] == [("f1",)]
        assert conn.execute("SELECT count(*) FROM fact_events").fetchone()[0] == 0
        # The next update recomputes the stale fact (here: removes it, its event gone).
        assert update(store).facts_removed == 1


def _outlets_recounted(store: Store) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """Each story's independent outlets counted from scratch, as refresh_story once did, and the rows."""
    conn = store._conn  # type: ignore[attr-defined]
    joined = (
        " FROM articles a LEFT JOIN article_links l ON l.doc_id = a.doc_id"
        " JOIN articles r ON r.doc_id = coalesce(l.original_doc_id, a.doc_id) WHERE a.story IS NOT NULL"
    )
    per_story = dict(
        conn.execute(
            f"SELECT a.story, count(DISTINCT coalesce(r.outlet, 'doc:' || r.doc_id)){joined} GROUP BY 1"
        )
    )
    rows = conn.execute(
        f"SELECT a.story, coalesce(r.outlet, 'doc:' || r.doc_id), count(*){joined}"
        " GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    return per_story, [tuple(row) for row in rows]


def _outlets_kept(store: Store) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    conn = store._conn  # type: ignore[attr-defined]
    per_story = dict(conn.execute("SELECT story_id, n_outlets FROM stories"))
    rows = conn.execute("SELECT story_id, outlet_key, n_articles FROM story_outlets ORDER BY 1, 2").fetchall()
    return per_story, [tuple(row) for row in rows]


def test_story_outlet_counts_follow_copies_relinks_reingests_and_rebuilds() -> None:
    from armswatch.stories import rebuild

    copy = SUMMIT_A.replace("on Wednesday", "on Wednesday 13 September") + " Reporting by wire staff."
    store = new_store()
    # A copy first, then an older text it copies (which becomes the original), then a second copy.
    save(store, article("late", copy, published="2023-09-15", outlet="Paper B"))
    update(store)
    assert _outlets_kept(store) == _outlets_recounted(store)
    save(store, article("early", SUMMIT_A, published="2023-09-13", outlet="Wire A"))
    save(store, article("other", SUMMIT_B, published="2023-09-14", outlet=None))
    update(store)
    save(store, article("third", copy + " More.", published="2023-09-16", outlet="Paper C"))
    update(store)
    assert store._conn.execute("SELECT count(*) FROM article_links").fetchone()[0] >= 2  # type: ignore[attr-defined]
    assert _outlets_kept(store) == _outlets_recounted(store)
    # The original comes again from another outlet: its copies count under their own for a while.
    save(store, article("early", SUMMIT_A + " Updated.", published="2023-09-13", outlet="Wire Z"))
    update(store)
    assert _outlets_kept(store) == _outlets_recounted(store)
    rebuild(store)
    assert _outlets_kept(store) == _outlets_recounted(store)
    assert sum(n for _, _, n in _outlets_kept(store)[1]) == 4


def test_story_index_epoch_changes_only_when_someone_else_may_have_written(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "e.db"
    with open_store(path) as store:
        with store.story_index() as index:
            first = index.epoch
        with store.story_index() as index:
            # Our own commit in between: what we read before still holds.
            assert index.epoch == first
        other = sqlite3.connect(path)
        other.execute("INSERT INTO meta (key, value) VALUES ('written', 'elsewhere')")
        other.commit()
        other.close()
        with store.story_index() as index:
            second = index.epoch
        assert second != first
        with pytest.raises(RuntimeError), store.story_index():
            raise RuntimeError("rolled back")
        with store.story_index() as index:
            assert index.epoch != second
