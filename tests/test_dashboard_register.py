"""The dashboard's register view: the deals of the bundled demo corpus, filtered, exported, on a phone."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_support import serve
from dashboard_support import PageWatch, api, browser, browser_only

pytestmark = browser_only
__all__ = ["browser"]  # a fixture, imported for pytest to find

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over ``make demo``'s database: the bundled corpus through the whole pipeline."""
    from armswatch.pipeline import ingest

    db = tmp_path_factory.mktemp("register") / "demo.db"
    report = ingest([str(EXAMPLES)], db)
    assert report.errors == 0, report.error_messages
    with serve(db) as url:
        yield url


@pytest.fixture
def demo(browser: Any, demo_url: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield PageWatch(page, demo_url)
    context.close()


def _entries(page: Any) -> list[dict[str, Any]]:
    rows = []
    for row in page.query_selector_all("table.register tbody tr"):
        cells = [str(c.text_content()).strip() for c in row.query_selector_all(":scope > td")]
        rows.append(
            {
                "entry_id": row.get_attribute("data-entry-id"),
                "supplier": cells[0],
                "recipient": cells[1],
                "designation": cells[2],
                "ordered": cells[3],
                "delivered": cells[4],
                "order_year": cells[5],
                "delivery_years": cells[6],
                "status": cells[7],
                "sources": cells[8],
            }
        )
    return rows


def test_the_register_lists_the_deals_of_the_demo_corpus(demo: PageWatch) -> None:
    expected = api(demo.base_url, "/register", limit=1000)["items"]
    page = demo.open("#/facts")
    page.click("header nav a[data-view=register]")
    page.wait_for_selector("table.register tbody tr")
    assert page.url.endswith("#/register")
    assert page.get_attribute("header nav a[data-view=register]", "class") == "active"
    shown = _entries(page)
    assert [r["entry_id"] for r in shown] == [e["entry_id"] for e in expected]
    deals = {(r["supplier"], r["recipient"], r["designation"]): r for r in shown}
    k2, k9 = deals[("KOR", "POL", "K2")], deals[("KOR", "POL", "K9")]
    assert (k2["ordered"], k2["delivered"], k2["order_year"], k2["delivery_years"]) == (
        "180",
        "10",
        "2022",
        "2022",
    )
    assert (k9["ordered"], k9["delivered"]) == ("212", "24")
    assert deals[("IRN", "RUS", "Fath-360")]["status"] == "delivered"
    assert "2024" in deals[("USA", "UKR", "ATACMS")]["delivery_years"]
    for entry in expected:
        key = (", ".join(entry["supplier"]), ", ".join(entry["recipient"]), entry["designation"])
        assert deals[key]["sources"] == str(len(entry["sources"]))
    assert demo.errors == []


def test_a_report_opens_its_sentence_and_the_parties_facts(demo: PageWatch) -> None:
    (k2,) = api(demo.base_url, "/register", supplier="KOR", recipient="POL", designation="K2")["items"]
    page = demo.open("#/register?designation=K2")
    row = page.wait_for_selector(f"table.register tr[data-entry-id='{k2['entry_id']}']")
    row.query_selector("details.deal-sources summary").click()
    links = row.query_selector_all("details.deal-sources li a")
    hrefs = [a.get_attribute("href") for a in links]
    assert hrefs == [f"#/article/{s['doc_id']}?event={s['event_id']}" for s in k2["sources"]]
    links[0].click()
    mark = page.wait_for_selector("mark.evidence.current")
    assert str(mark.text_content()) in k2["sources"][0]["evidence"]
    page = demo.open("#/register?designation=K2")
    row = page.wait_for_selector(f"table.register tr[data-entry-id='{k2['entry_id']}']")
    row.query_selector("details.deal-sources summary").click()
    row.query_selector("details.deal-sources a:has-text('facts between these parties')").click()
    page.wait_for_selector("table.facts tbody tr")
    assert page.url.endswith("#/facts?source=KOR&target=POL")
    assert demo.errors == []


def test_a_filter_narrows_the_register_and_an_empty_one_says_so(demo: PageWatch) -> None:
    everything = api(demo.base_url, "/register", limit=1000)["items"]
    korean = api(demo.base_url, "/register", supplier="KOR", limit=1000)["items"]
    assert 0 < len(korean) < len(everything)
    page = demo.open("#/register")
    page.wait_for_selector("table.register tbody tr")
    page.fill("#f-supplier", "South Korea")
    page.click("form.filters button[type=submit]")
    shown = "n => document.querySelectorAll('table.register tbody tr').length === n"
    page.wait_for_function(shown, arg=len(korean))
    assert "supplier=South+Korea" in page.url
    assert [r["entry_id"] for r in _entries(page)] == [e["entry_id"] for e in korean]
    page.select_option("#f-status", "cancelled")
    page.click("form.filters button[type=submit]")
    empty = page.wait_for_selector(".empty")
    assert "No register entries match these filters" in str(empty.text_content())
    page.click(".empty a:has-text('clear filters')")
    page.wait_for_selector("table.register tbody tr")
    assert len(_entries(page)) == len(everything)
    assert demo.errors == []


def test_a_bad_status_shows_the_apis_message(demo: PageWatch) -> None:
    page = demo.open("#/register?status=ordred")
    box = page.wait_for_selector(".error[role=alert]")
    assert "ordered" in str(box.text_content())
    assert page.query_selector(".error a[href='#/register']") is not None


def test_columns_sort_as_numbers(demo: PageWatch) -> None:
    page = demo.open("#/register")
    page.wait_for_selector("table.register tbody tr")

    def ordered() -> list[int]:
        return [int(r["ordered"] or 0) for r in _entries(page)]

    page.click("table.register th:has-text('Ordered')")
    assert ordered() == sorted(ordered())
    page.click("table.register th:has-text('Ordered')")
    assert ordered() == sorted(ordered(), reverse=True)


def test_the_export_links_download_the_filtered_register(demo: PageWatch) -> None:
    expected = api(demo.base_url, "/register", supplier="KOR", limit=1000)["items"]
    page = demo.open("#/register?supplier=KOR")
    page.wait_for_selector("table.register tbody tr")
    with page.expect_download() as info:
        page.click("a.export-csv")
    assert info.value.suggested_filename == "register.csv"
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert [r["entry_id"] for r in rows] == [e["entry_id"] for e in expected]
    assert {r["supplier"] for r in rows} == {"KOR"}
    with page.expect_download() as info:
        page.click("a.export-json")
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [e["entry_id"] for e in data["items"]] == [e["entry_id"] for e in expected]


def test_the_register_does_not_scroll_sideways_on_a_phone(browser: Any, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        phone = PageWatch(page, demo_url)
        for path, ready in (
            ("#/register", "table.register tbody tr"),
            ("#/register?status=cancelled", ".empty"),
        ):
            phone.open(path)
            page.wait_for_selector(ready)
            for summary in page.query_selector_all("details.deal-sources summary"):
                summary.click()
            widths = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], (path, widths)
            for link in page.query_selector_all("header nav a"):
                box = link.bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, path
        assert phone.errors == []
    finally:
        context.close()
