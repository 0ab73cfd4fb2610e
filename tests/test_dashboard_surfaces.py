"""The dashboard never leaves an analyst stuck: errors, empty lists, a phone, exports, new views."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard_support import PageWatch, api, browser, browser_only, corpus_url, watch

pytestmark = browser_only
__all__ = ["browser", "corpus_url", "watch"]  # fixtures, imported for pytest to find


def _script_errors(watch: PageWatch) -> list[str]:
    # The browser logs each failed request ("Failed to load resource ... 404") by itself;
    # what must not happen is an error of the page's script.
    return [e for e in watch.errors if "Failed to load resource" not in e]


def _settled_error(page: Any) -> str:
    box = page.wait_for_selector(".error[role=alert]")
    assert page.query_selector_all(".loading") == []
    return str(box.text_content())


# --- errors and empty states -------------------------------------------------------------------


def test_an_unknown_fact_shows_the_apis_message_and_a_way_back(watch: PageWatch) -> None:
    page = watch.open("#/fact/nope")
    text = _settled_error(page)
    assert "no fact 'nope'" in text
    assert page.query_selector(".error a[href='#/facts']") is not None
    assert page.query_selector(".error button") is not None
    assert _script_errors(watch) == []


def test_a_bad_filter_shows_the_message_and_clears(watch: PageWatch) -> None:
    page = watch.open("#/facts?since=2024-13")
    text = _settled_error(page)
    assert "since must be a date" in text and "2024-13" in text
    page.click(".error a:has-text('clear filters')")
    page.wait_for_selector("table.facts tbody tr")
    assert page.url.endswith("#/facts")
    assert _script_errors(watch) == []


@pytest.mark.parametrize(
    "view", ["facts", "articles", "stories", "flags", "register", "actors", "timeline", "network"]
)
def test_a_server_error_never_hangs(watch: PageWatch, view: str) -> None:
    def fail(route: Any) -> None:
        route.fulfill(
            status=500, content_type="application/json", body=json.dumps({"detail": "the disk is on fire"})
        )

    endpoint = {"facts": "facts", "articles": "articles", "stories": "stories", "flags": "flags"}.get(
        view, view
    )
    watch.page.route(f"**/api/v1/{endpoint}*", fail)
    page = watch.open(f"#/{view}")
    assert "the disk is on fire" in _settled_error(page)
    assert _script_errors(watch) == []


def test_an_empty_list_says_so_and_offers_to_clear(watch: PageWatch) -> None:
    page = watch.open("#/facts?since=2099")
    empty = page.wait_for_selector(".empty")
    assert "No facts match these filters" in str(empty.text_content())
    page.click(".empty a:has-text('clear filters')")
    page.wait_for_selector("table.facts tbody tr")
    for path in ("#/articles?q=nothing-like-this", "#/flags?regime=nowhere", "#/actors?q=zzzz"):
        page = watch.open(path)
        assert "clear filters" in str(page.wait_for_selector(".empty").text_content())


# --- a phone ---------------------------------------------------------------------------------


@pytest.fixture
def phone(browser: Any, corpus_url: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield PageWatch(page, corpus_url)
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(phone: PageWatch) -> None:
    fact = api(phone.base_url, "/facts", source="PRK", weapon="ammunition", limit=1)["items"][0]["fact_id"]
    story = api(phone.base_url, "/stories", limit=1)["items"][0]["story_id"]
    doc = api(phone.base_url, "/articles", limit=1)["items"][0]["doc_id"]
    views = {
        "#/facts": "table.facts tbody tr",
        f"#/fact/{fact}": ".event-card mark.evidence",
        "#/network": "#network[data-ready=true]",
        "#/timeline": "svg.timeline-chart rect",
        "#/actors": "table.actors tbody tr",
        "#/actor/PRK": "table.relations tbody tr",
        "#/articles": "table.articles tbody tr",
        f"#/article/{doc}": ".article-body",
        "#/stories": "table.stories tbody tr",
        f"#/story/{story}": "table.story-articles tbody tr",
        "#/flags": "table.flags tbody tr",
        "#/fact/nope": ".error",
    }
    for path, ready in views.items():
        page = phone.open(path)
        page.wait_for_selector(ready)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (path, widths)
        for link in page.query_selector_all("header nav a"):
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, path
    assert _script_errors(phone) == []


# --- export, sorting ---------------------------------------------------------------------------


def test_the_export_button_downloads_the_current_filter(watch: PageWatch) -> None:
    page = watch.open("#/facts?source=PRK")
    page.wait_for_selector("table.facts tbody tr")
    with page.expect_download() as info:
        page.click("a.export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    expected = api(watch.base_url, "/facts", source="PRK", limit=1000)["items"]
    assert [r["fact_id"] for r in rows] == [f["fact_id"] for f in expected]
    assert info.value.suggested_filename == "facts.csv"
    with page.expect_download() as info:
        page.click("a.export-json")
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [f["fact_id"] for f in data["items"]] == [f["fact_id"] for f in expected]


def test_columns_sort_on_click(watch: PageWatch) -> None:
    page = watch.open("#/facts")
    page.wait_for_selector("table.facts tbody tr")

    def outlets() -> list[int]:
        return [
            int(c.text_content()) for c in page.query_selector_all("table.facts tbody tr td:nth-child(7)")
        ]

    page.click("table.facts th:has-text('Outlets')")
    assert outlets() == sorted(outlets())
    page.click("table.facts th:has-text('Outlets')")
    assert outlets() == sorted(outlets(), reverse=True)


def test_the_outlet_field_narrows_the_facts(watch: PageWatch) -> None:
    everything = api(watch.base_url, "/facts", limit=1000)["items"]
    outlets = api(watch.base_url, "/summary")["outlets"]
    outlet, expected = next(
        (o, found)
        for o in sorted(outlets)
        if 0 < len(found := api(watch.base_url, "/facts", outlet=o, limit=1000)["items"]) < len(everything)
    )
    page = watch.open("#/facts")
    page.wait_for_selector("table.facts tbody tr")
    page.fill("#f-outlet", outlet)
    page.click("form.filters button[type=submit]")
    shown = "n => document.querySelectorAll('table.facts tbody tr').length === n"
    page.wait_for_function(shown, arg=min(len(expected), 50))
    assert "outlet=" in page.url
    listed = [r.get_attribute("data-fact-id") for r in page.query_selector_all("table.facts tbody tr")]
    assert listed == [f["fact_id"] for f in expected][:50]
    assert page.input_value("#f-outlet") == outlet
    assert watch.errors == []


# --- stories and flags -----------------------------------------------------------------------


def test_stories_list_and_one_story_with_articles_outlets_and_facts(watch: PageWatch) -> None:
    stories = api(watch.base_url, "/stories", limit=50)["items"]
    page = watch.open("#/stories")
    page.wait_for_selector("table.stories tbody tr")
    listed = [r.get_attribute("data-story-id") for r in page.query_selector_all("table.stories tbody tr")]
    assert listed == [s["story_id"] for s in stories]
    richest = max(stories, key=lambda s: s["n_articles"])
    detail = api(watch.base_url, f"/stories/{richest['story_id']}")
    page.click(f"table.stories tr[data-story-id='{richest['story_id']}'] a")
    page.wait_for_selector("table.story-articles tbody tr")
    docs = [r.get_attribute("data-doc-id") for r in page.query_selector_all("table.story-articles tbody tr")]
    assert docs == [a["doc_id"] for a in detail["articles"]]
    outlets = {a["outlet"] for a in detail["articles"] if a["outlet"]}
    assert {li.text_content() for li in page.query_selector_all("ul.outlets li")} == outlets
    assert len(page.query_selector_all("ul.fact-list li")) == len(detail["facts"])
    assert watch.errors == []


def test_flags_by_regime_and_status_linked_from_facts(watch: PageWatch) -> None:
    flags = api(watch.base_url, "/flags", limit=1000)["items"]
    assert flags
    page = watch.open("#/flags")
    page.wait_for_selector("table.flags tbody tr")
    assert len(page.query_selector_all("table.flags tbody tr")) == len(flags)
    regimes = [h.get_attribute("data-regime") for h in page.query_selector_all("h2.regime")]
    assert regimes == sorted({f["regime"] for f in flags})
    breach = watch.open("#/flags?status=breach")
    breach.wait_for_selector("table.flags tbody tr")
    shown = {b.text_content() for b in breach.query_selector_all("table.flags tbody td:first-child .badge")}
    assert shown == {"breach"}
    # A fact's flag links to its regime's flags, and the fact's story to the story.
    fact = api(watch.base_url, f"/facts/{flags[0]['fact_id']}")
    page = watch.open(f"#/fact/{fact['fact_id']}")
    page.click("ul.flags li a")
    page.wait_for_selector("table.flags tbody tr")
    assert page.url.endswith(f"#/flags?regime={fact['flags'][0]['regime']}")
    assert watch.errors == []


# --- the fact page --------------------------------------------------------------------------


def test_each_report_shows_its_sentence_in_context_and_links_the_article(watch: PageWatch) -> None:
    fact = api(watch.base_url, "/facts", source="PRK", weapon="ammunition", limit=1)["items"][0]
    detail = api(watch.base_url, f"/facts/{fact['fact_id']}")
    page = watch.open(f"#/fact/{fact['fact_id']}")
    page.wait_for_selector(".event-card .article-body mark")
    shortened = 0
    for card, event in zip(page.query_selector_all(".event-card"), detail["events"], strict=True):
        body = api(watch.base_url, f"/articles/{event['doc_id']}")["body"]
        shown = str(card.query_selector(".article-body").text_content())
        assert [m.text_content() for m in card.query_selector_all("mark.evidence")] == [event["evidence"]]
        assert shown in body and event["evidence"] in shown
        shortened += len(shown) < len(body)
        href = card.query_selector(".full-article a").get_attribute("href")
        assert href == f"#/article/{event['doc_id']}?event={event['event_id']}"
    assert shortened >= 1, "no article in the fixture is longer than its excerpt"
    # The full article opens with that sentence in view.
    event = detail["events"][-1]
    page.query_selector_all(".event-card")[-1].query_selector(".full-article a").click()
    mark = page.wait_for_selector("mark.evidence.current")
    assert mark.text_content() == event["evidence"]
    assert mark.is_visible()
    in_view = mark.evaluate(
        "m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    assert in_view
    assert watch.errors == []


def test_the_network_lists_its_relations_for_the_keyboard(watch: PageWatch) -> None:
    data = api(watch.base_url, "/network")
    page = watch.open("#/network")
    page.wait_for_selector("#network[data-ready=true]")
    rows = page.query_selector_all("table.edges tbody tr")
    assert [r.get_attribute("data-edge-id") for r in rows] == [e["id"] for e in data["edges"]]
    edge = data["edges"][0]
    page.focus(f"table.edges tr[data-edge-id='{edge['id']}'] button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#edge-panel li[data-record-id]")
    listed = [
        li.get_attribute("data-record-id") for li in page.query_selector_all("#edge-panel li[data-record-id]")
    ]
    assert listed == [r["id"] for r in edge["records"]]
    assert page.evaluate("window.armswatchNetwork.edges(':selected').map(e => e.id())") == [edge["id"]]
    assert watch.errors == []
