"""The dashboard in headless Chromium over a pipeline-built corpus: facts, fact, network, timeline, actor."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from dashboard_support import PageWatch, api, browser, browser_only, corpus_url, watch

pytestmark = browser_only
__all__ = ["browser", "corpus_url", "watch"]  # fixtures, imported for pytest to find


def _rows(page: Any) -> list[str]:
    page.wait_for_selector("#facts-results table.facts tbody tr, #facts-results .empty")
    return [str(row.get_attribute("data-fact-id")) for row in page.query_selector_all("table.facts tbody tr")]


def _apply(page: Any) -> None:
    with page.expect_response(lambda r: "/api/v1/facts" in r.url):
        page.click("form.filters button[type=submit]")


def test_facts_table_lists_every_fact_strongest_first(watch: PageWatch) -> None:
    page = watch.open("#/facts")
    expected = [f["fact_id"] for f in api(watch.base_url, "/facts", limit=50)["items"]]
    assert _rows(page) == expected
    assert "facts" in page.text_content("#db-summary")
    assert watch.errors == [] and watch.foreign_requests == []


@pytest.mark.parametrize(
    ("fields", "selects", "params"),
    [
        ({}, {"type": "meeting"}, {"type": "meeting"}),
        ({"source": "PRK"}, {"weapon": "ammunition"}, {"source": "PRK", "weapon": "ammunition"}),
        ({"q": "Kremlin"}, {}, {"q": "Kremlin"}),
        (
            {"actor": "USA", "since": "2023"},
            {"factuality": "certain"},
            {"actor": "USA", "since": "2023", "factuality": "certain"},
        ),
    ],
)
def test_facts_filters_give_what_the_api_gives(
    watch: PageWatch, fields: dict[str, str], selects: dict[str, str], params: dict[str, str]
) -> None:
    page = watch.open("#/facts")
    _rows(page)
    for name, value in fields.items():
        page.fill(f"#f-{name}", value)
    for name, value in selects.items():
        page.select_option(f"#f-{name}", value)
    _apply(page)
    expected = [f["fact_id"] for f in api(watch.base_url, "/facts", limit=50, **params)["items"]]
    assert expected, "the filter should match something in the corpus"
    assert _rows(page) == expected
    for name, value in params.items():
        assert f"{name}={value}" in page.url
    # The filters survive a reload: the URL holds them.
    page.reload()
    assert _rows(page) == expected


def test_flagged_only_and_empty_results(watch: PageWatch) -> None:
    page = watch.open("#/facts?flagged=true")
    rows = _rows(page)
    assert rows == [f["fact_id"] for f in api(watch.base_url, "/facts", flagged="true")["items"]]
    assert page.is_checked("#f-flagged")
    assert len(page.query_selector_all("table.facts tbody tr .badge.flag-breach")) >= 1
    page = watch.open("#/facts?q=nothing-like-this")
    page.wait_for_selector(".empty")
    assert "No facts match" in page.text_content("#facts-results")


def test_fact_page_highlights_each_evidence_inside_its_article(watch: PageWatch) -> None:
    fact = api(watch.base_url, "/facts", source="PRK", weapon="ammunition", limit=1)["items"][0]
    detail = api(watch.base_url, f"/facts/{fact['fact_id']}")
    page = watch.open(f"#/fact/{fact['fact_id']}")
    page.wait_for_selector(".event-card .article-body")
    cards = page.query_selector_all(".event-card")
    assert len(cards) == len(detail["events"]) >= 2
    for card, event in zip(cards, detail["events"], strict=True):
        assert card.get_attribute("data-doc-id") == event["doc_id"]
        body = card.query_selector(".article-body")
        marks = body.query_selector_all("mark.evidence")
        assert [m.text_content() for m in marks] == [event["evidence"]]
        article = api(watch.base_url, f"/articles/{event['doc_id']}")
        # The evidence is shown at its offsets within the paragraphs around it.
        shown = body.text_content()
        assert shown in article["body"]
        before = body.evaluate("b => b.firstChild.textContent")
        assert article["body"][: event["evidence_start"]].endswith(before)
        assert event["outlet"] in card.text_content()
    props = page.text_content("dl.props")
    assert f"{fact['n_outlets']} independent" in props
    assert fact["factuality"] in props
    assert "Contradictions" in props
    flags = page.query_selector_all("ul.flags li")
    assert len(flags) == len(detail["flags"]) >= 1
    assert detail["flags"][0]["reasoning"] in flags[0].text_content()
    contradicting = page.query_selector_all(".event-card.contradiction")
    assert len(contradicting) == sum(e["relation"] == "contradiction" for e in detail["events"])
    assert watch.errors == [] and watch.foreign_requests == []


def test_highlight_counts_code_points_not_utf16_units(watch: PageWatch) -> None:
    # The article has a map pin (outside the BMP) before the evidence sentence.
    fact = api(watch.base_url, "/facts", source="PRK", weapon="missiles", limit=1)["items"][0]
    event = api(watch.base_url, f"/facts/{fact['fact_id']}")["events"][0]
    assert event["doc_id"] == "2024-01-04_kn23_valley"
    page = watch.open(f"#/fact/{fact['fact_id']}")
    page.wait_for_selector(".event-card mark.evidence")
    assert page.text_content(".event-card mark.evidence") == event["evidence"]


def test_network_edge_click_lists_its_facts(watch: PageWatch) -> None:
    data = api(watch.base_url, "/network")
    edge = next(e for e in data["edges"] if e["id"] == "PRK|RUS|arms_transfer")
    page = watch.open("#/network")
    page.wait_for_selector("#network[data-ready=true]")
    assert page.evaluate("window.armswatchNetwork.edges().length") == len(data["edges"])
    assert page.evaluate("window.armswatchNetwork.nodes().length") == len(data["nodes"])
    point = page.evaluate(
        """id => {
            const cy = window.armswatchNetwork;
            const box = cy.container().getBoundingClientRect();
            const mid = cy.getElementById(id).renderedMidpoint();
            return {x: box.left + mid.x, y: box.top + mid.y};
        }""",
        edge["id"],
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#edge-panel li[data-record-id]")
    listed = [
        li.get_attribute("data-record-id") for li in page.query_selector_all("#edge-panel li[data-record-id]")
    ]
    assert listed == [r["id"] for r in edge["records"]]
    assert "PRK → RUS" in page.text_content("#edge-panel h2")
    # Each listed fact opens its page.
    page.click(f"#edge-panel li[data-record-id='{listed[0]}'] a")
    page.wait_for_selector(".event-card")
    assert page.url.endswith(f"#/fact/{listed[0]}")
    assert watch.errors == [] and watch.foreign_requests == []


def test_network_filter_by_type(watch: PageWatch) -> None:
    page = watch.open("#/network?type=meeting")
    page.wait_for_selector("#network[data-ready=true]")
    types = page.evaluate("window.armswatchNetwork.edges().map(e => e.data('type'))")
    assert set(types) == {"meeting"}


def test_timeline_draws_one_bar_per_period_and_type(watch: PageWatch) -> None:
    data = api(watch.base_url, "/timeline")
    page = watch.open("#/timeline")
    page.wait_for_selector("svg.timeline-chart rect")
    bars = page.query_selector_all("svg.timeline-chart rect")
    assert sorted((b.get_attribute("data-period"), b.get_attribute("data-type")) for b in bars) == sorted(
        (b["period"], b["type"]) for b in data["buckets"]
    )
    rows = page.query_selector_all("table.timeline-table tbody tr")
    assert len(rows) == len({b["period"] for b in data["buckets"]})
    years = watch.open("#/timeline?interval=year")
    years.wait_for_selector("svg.timeline-chart rect")
    assert {b.get_attribute("data-period") for b in years.query_selector_all("svg.timeline-chart rect")} <= {
        "2022",
        "2023",
        "2024",
    }


def test_actor_page_shows_relations_and_links_partners(watch: PageWatch) -> None:
    actor = api(watch.base_url, "/actors/PRK")
    page = watch.open("#/actor/PRK")
    page.wait_for_selector("table.relations tbody tr")
    assert "North Korea" in page.text_content("h1")
    rows = page.query_selector_all("table.relations tbody tr")
    assert len(rows) == len(actor["relations"])
    first = actor["relations"][0]
    assert first["partner_name"] in rows[0].text_content()
    page.wait_for_selector("ul.fact-list li")
    assert len(page.query_selector_all("ul.fact-list li")) == actor["n_facts"]
    rows[0].query_selector("td:nth-child(2) a").click()
    page.wait_for_selector(f"h1:has-text('{first['partner_name']}')")
    assert page.url.endswith(f"#/actor/{first['partner']}")


def test_actors_list_and_search(watch: PageWatch) -> None:
    page = watch.open("#/actors")
    page.wait_for_selector("table.actors tbody tr")
    assert len(page.query_selector_all("table.actors tbody tr")) == len(
        api(watch.base_url, "/actors", limit=100)["items"]
    )
    page.fill("#f-q", "korea")
    page.click("form.filters button[type=submit]")
    expect(page.locator("table.actors tbody tr")).to_have_count(1)
    assert "North Korea" in page.text_content("table.actors")
