"""Article text is untrusted: the dashboard shows payloads as text and runs nothing, offline."""

from __future__ import annotations

from typing import Any

from dashboard_support import PageWatch, api, browser, browser_only, corpus_url, watch

pytestmark = browser_only
__all__ = ["browser", "corpus_url", "watch"]  # fixtures, imported for pytest to find

XSS_DOC = "2023-11-02_shells_spy_agency_coastline"
PAYLOADS = ("<script>alert('xss')</script>", "<img src=x onerror=alert(1)>", "<img src=x onerror=alert(2)>")


def _nothing_ran(watch: PageWatch) -> None:
    page = watch.page
    assert watch.dialogs == []
    assert page.evaluate("() => window.__xss") is None
    # No element was made from the text: the only images would be the payloads'.
    assert page.query_selector_all("img") == []
    assert page.query_selector_all("a[href^='javascript']") == []
    assert watch.errors == []


def _xss_fact(base_url: str) -> dict[str, Any]:
    for fact in api(base_url, "/facts", limit=100)["items"]:
        detail = api(base_url, f"/facts/{fact['fact_id']}")
        if any(e["doc_id"] == XSS_DOC for e in detail["events"]):
            return dict(detail)
    raise AssertionError("no fact built from the payload article")


def test_fact_page_shows_payloads_as_text(watch: PageWatch) -> None:
    fact = _xss_fact(watch.base_url)
    page = watch.open(f"#/fact/{fact['fact_id']}")
    card = page.wait_for_selector(f".event-card[data-doc-id='{XSS_DOC}']")
    page.wait_for_selector(f".event-card[data-doc-id='{XSS_DOC}'] .article-body")
    text = card.text_content()
    for payload in PAYLOADS:
        assert payload in text
    assert (
        "Report: <script>alert('title')</script> shell shipments continue"
        in card.query_selector("h3").text_content()
    )
    # The evidence holds a payload too, and is highlighted as plain text.
    assert "<img src=x onerror=alert(2)>" in card.query_selector("mark.evidence").text_content()
    assert page.get_by_text("<script>alert('xss')</script>", exact=False).first.is_visible()
    # The article's javascript: URL is shown, not linked.
    assert "source" in text
    _nothing_ran(watch)


def test_article_page_shows_payloads_as_text(watch: PageWatch) -> None:
    page = watch.open(f"#/article/{XSS_DOC}")
    page.wait_for_selector(".article-body mark.evidence")
    body = page.text_content(".article-body")
    assert body == api(watch.base_url, f"/articles/{XSS_DOC}")["body"]
    for payload in PAYLOADS:
        assert payload in body
    assert page.text_content("h1") == "Report: <script>alert('title')</script> shell shipments continue"
    _nothing_ran(watch)


def test_search_results_and_lists_show_titles_as_text(watch: PageWatch) -> None:
    page = watch.open("#/articles?q=phishing")
    page.wait_for_selector("table.articles tbody tr")
    assert "<script>alert('title')</script>" in page.text_content("table.articles")
    _nothing_ran(watch)


def test_content_security_policy_blocks_injected_inline_scripts(watch: PageWatch) -> None:
    page = watch.open("#/facts")
    page.wait_for_selector("table.facts tbody tr")
    ran = page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.__inline = 1';
            document.body.appendChild(s);
            return window.__inline === 1;
        }"""
    )
    assert ran is False
    watch.errors.clear()  # the refusal itself is reported on the console


def test_every_view_works_offline_without_errors(watch: PageWatch) -> None:
    fact = api(watch.base_url, "/facts", limit=1)["items"][0]["fact_id"]
    views = {
        "#/facts": "table.facts tbody tr",
        f"#/fact/{fact}": ".event-card mark.evidence",
        "#/network": "#network[data-ready=true]",
        "#/timeline": "svg.timeline-chart rect",
        "#/actors": "table.actors tbody tr",
        "#/actor/RUS": "table.relations tbody tr",
        "#/articles": "table.articles tbody tr",
    }
    for path, ready in views.items():
        watch.open(path).wait_for_selector(ready)
    watch.page.goto(f"{watch.base_url}/docs")
    watch.page.wait_for_selector(".swagger-ui .opblock")
    assert watch.foreign_requests == []
    assert watch.errors == []
    assert watch.dialogs == []
