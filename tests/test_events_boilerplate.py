"""No event is read from boilerplate (spec, "What is not the article").

Two pages written for these tests in the noisy shapes of real sites: a plain-text copy with
masthead, menu, "Latest Posts" headlines, "Read next", newsletter and cookie prompts and a
photo credit; and an HTML page with the same furniture in header, aside, section and footer.
The furniture is full of event-like sentences (a $10 billion Apache deal, a missile launch,
sanctions, joint exercises); the whole pipeline (``armswatch.extract``) must read events
from the article body only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
import pytest

import armswatch
from armswatch.models import Article, Event
from armswatch.pipeline import Processor

DATA = Path(__file__).parent / "data" / "events"


def _text_page() -> tuple[str, list[str], list[str]]:
    """The page, its body paragraphs and its boilerplate lines."""
    page = (DATA / "noisy_page.txt").read_text(encoding="utf-8")
    blocks = [b.strip() for b in page.split("\n\n") if b.strip()]
    first = next(i for i, b in enumerate(blocks) if b.startswith("By ")) + 1
    last = blocks.index("Latest Posts")
    body = blocks[first:last]
    furniture = [line for b in blocks[:first] + blocks[last:] for line in b.splitlines()]
    return page, body, _lines(furniture)


def _html_page() -> tuple[str, list[str], list[str]]:
    page = (DATA / "noisy_page.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    body = [p.text_content().strip() for p in tree.xpath("//article/p[not(@class)]")]
    furniture = [str(t) for t in tree.xpath("//body//text()[not(ancestor::article)]")]
    return page, body, _lines(furniture)


def _lines(texts: list[str]) -> list[str]:
    """Furniture lines long enough to be told apart from body words ("Home", "Asia")."""
    return [t.strip() for t in texts if len(t.split()) >= 4]


Page = tuple[str, list[str], list[str]]
Key = tuple[str, tuple[str, ...], tuple[str, ...], str]
PAGES: dict[str, tuple[Callable[[], Page], str, set[Key]]] = {
    "text": (_text_page, "2024-06-21", {("arms_transfer", ("DEU",), ("UKR",), "certain")}),
    "html": (_html_page, "2024-07-09", {("military_cooperation", ("JPN", "PHL"), (), "certain")}),
}


@pytest.fixture(scope="module", params=sorted(PAGES))
def page_events(request: pytest.FixtureRequest) -> tuple[str, list[str], list[str], list[Event]]:
    load, published, _ = PAGES[request.param]
    page, body, furniture = load()
    return request.param, body, furniture, armswatch.extract(page, published=published)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_fixture_furniture_is_event_like(name: str, proc: Processor) -> None:
    """Read as an article body, the furniture of each page does give events: the exclusion
    test below can fail."""
    _, body, furniture = PAGES[name][0]()
    assert len(body) >= 3
    text = "\n\n".join(line if line.endswith(".") else line + "." for line in furniture)
    article = Article(
        doc_id=name, source="test", text=text, content_hash="h", fetched_at="2025-01-01T00:00:00Z"
    )
    _, events = proc.read(article)
    assert {"arms_transfer", "sanction"} <= {e.type for e in events}


def test_body_events_are_read(page_events: tuple[str, list[str], list[str], list[Event]]) -> None:
    name, _, _, events = page_events
    found = {(e.type, e.source, e.target, e.factuality) for e in events}
    assert PAGES[name][2] <= found


def test_no_event_from_boilerplate(page_events: tuple[str, list[str], list[str], list[Event]]) -> None:
    _, body, furniture, events = page_events
    for e in events:
        assert any(e.evidence in paragraph for paragraph in body), e.evidence
        for line in furniture:
            assert line not in e.evidence and e.evidence not in line, (line, e.evidence)
