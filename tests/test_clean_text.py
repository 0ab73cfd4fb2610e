"""Plain-text page segmenter: fixture pages and properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.clean import CleanError, clean_document
from armswatch.clean.text import prepare_text, segment_text, split_blocks
from armswatch.models import RawDoc

DATA = Path(__file__).parent / "data" / "clean"


def _raw(content: str, **given_values: str) -> RawDoc:
    return RawDoc(
        doc_id="t",
        source="test",
        kind="text",
        content=content,
        content_hash="h",
        fetched_at="2024-01-01T00:00:00Z",
        **given_values,
    )


def _page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "title", "outlet", "published", "evidence", "page_date", "first", "last", "paragraphs"),
    [
        (
            "masthead_wire.txt",
            "Australia to buy US nuclear-powered submarines under AUKUS plan",
            "The Coral Sea Times",
            "2023-03-13",
            "byline",
            "2023-03-14",
            "SAN DIEGO — Australia will buy",
            "train on American and British boats in the meantime.",
            6,
        ),
        (
            "latest_posts.txt",
            "Finland becomes NATO's 31st member as its flag rises in Brussels",
            "The Nordic Brief",
            None,
            None,
            "2023-04-05",
            "Finland formally joined the North Atlantic Treaty Organization",
            "confident that Sweden would join as well.",
            5,
        ),
        (
            "news_stream.txt",
            "Japan adopts security strategy allowing counterstrike capability",
            "Pacific News Stream",
            None,
            None,
            None,
            "Tokyo: Japan's government on Friday approved",
            "to find an excuse for a military build-up.",
            5,
        ),
        (
            "most_read.txt",
            "Kakhovka dam collapse forces thousands to flee as floodwaters rise",
            "Riverside Chronicle",
            "2023-06-06",
            "byline",
            "2023-06-07",
            "Thousands of people were evacuated",
            "it was monitoring the situation closely.",
            4,
        ),
    ],
)
def test_text_fixture_page(
    name: str,
    title: str,
    outlet: str,
    published: str | None,
    evidence: str | None,
    page_date: str | None,
    first: str,
    last: str,
    paragraphs: int,
) -> None:
    article = clean_document(_raw(_page(name)))
    assert article.title == title
    assert article.outlet == outlet
    assert article.published == published
    assert article.published_evidence == evidence
    assert article.page_date == page_date
    assert article.text.startswith(first)
    assert article.text.endswith(last)
    assert len(article.text.split("\n\n")) == paragraphs


def test_text_page_header_date_is_not_the_article_date() -> None:
    page = "Monday, June 3, 2024\n\nLatest Posts\n\n" + _body_only()
    article = clean_document(_raw(page))
    assert article.published is None
    assert article.page_date == "2024-06-03"


def test_text_byline_date_wins_over_page_header_date() -> None:
    page = (
        "Monday, June 3, 2024\n\nLatest Posts\n\nSeoul and Tokyo agree to share radar data\n\n"
        "May 30, 2024 · Staff Desk\n\n" + _body_only()
    )
    article = clean_document(_raw(page))
    assert article.published == "2024-05-30"
    assert article.published_evidence == "byline"
    assert article.page_date == "2024-06-03"
    assert article.title == "Seoul and Tokyo agree to share radar data"


def test_text_dateline_date_when_no_byline() -> None:
    page = (
        "Seoul and Tokyo agree to share radar data\n\n"
        "SEOUL, 30 May 2024 — The defence ministers of South Korea and Japan agreed on Thursday to begin "
        "sharing radar data on North Korean missile launches in real time, officials said after talks.\n\n"
        + _body_only()
    )
    article = clean_document(_raw(page))
    assert article.published == "2024-05-30"
    assert article.published_evidence == "dateline"


def test_text_given_values_take_precedence() -> None:
    raw = _raw(
        _page("masthead_wire.txt"),
        title="Feed title",
        published="Tue, 14 Mar 2023 08:00:00 GMT",
        outlet="Feed",
    )
    article = clean_document(raw)
    assert (article.title, article.outlet) == ("Feed title", "Feed")
    assert (article.published, article.published_evidence) == ("2023-03-14", "given")


def test_text_page_without_prose_raises_clean_error() -> None:
    with pytest.raises(CleanError, match="no article text"):
        clean_document(_raw(_page("no_prose.txt")))


def test_text_keeps_words_and_inner_spacing_verbatim() -> None:
    page = (
        "    First paragraph keeps its  double space and\u00a0no-break space, exactly as printed here.\n\n"
        "    Second paragraph, also indented in the source, must lose only the indentation it had."
    )
    article = clean_document(_raw(page))
    assert article.text == (
        "First paragraph keeps its  double space and\u00a0no-break space, exactly as printed here.\n\n"
        "Second paragraph, also indented in the source, must lose only the indentation it had."
    )


def test_text_decodes_entities_and_drops_stray_tags() -> None:
    page = "<p>Officials in Kyiv said the <b>shipment</b> arrived on Monday &amp; was unloaded at night.</p>"
    assert (
        clean_document(_raw(page)).text
        == "Officials in Kyiv said the shipment arrived on Monday & was unloaded at night."
    )


def test_text_hard_wrapped_paragraph_is_joined() -> None:
    page = (
        "The ministry said the consignment of artillery shells had left the port\n"
        "on Tuesday evening and would reach its destination within a week, according\n"
        "to a statement published on its website."
    )
    article = clean_document(_raw(page))
    assert "\n" not in article.text
    assert article.text.startswith(
        "The ministry said the consignment of artillery shells had left the port on Tuesday"
    )


def _body_only() -> str:
    return (
        "The defence ministers of South Korea and Japan agreed on Thursday to begin sharing radar data on "
        "North Korean missile launches in real time, officials said after their talks in Singapore.\n\n"
        "The arrangement, which also involves the United States, is meant to close gaps in tracking "
        "launches that fall into the sea between the two countries, the ministers said in a joint statement."
    )


# --- properties -----------------------------------------------------------------------------

_VOCABULARY = (
    "the minister said on talks army missile treaty border deal ships troops allies week port signed "
    "officials reported capital government agreed to of and in a for with by"
)
_WORDS = st.sampled_from(_VOCABULARY.split())
_SENTENCE = st.lists(_WORDS, min_size=8, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")
_PROSE = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)
_HEADLINE = st.lists(_WORDS, min_size=4, max_size=12).map(lambda ws: " ".join(ws).title())

# Furniture lines of the kinds the segmenter must never put in a body.
BOILERPLATE = [
    "Latest Posts",
    "Read Previous",
    "Read Next",
    "Share this article: Facebook · X · LinkedIn · Email",
    "Topics: Defence, Diplomacy, Asia",
    "MORE FROM THE EXAMPLE GAZETTE",
    "This site sets cookies for analytics and ads. By continuing to read you accept them.",
    "Subscribe today for full access to our reporting and its archive.",
    "Sign up for our free weekly newsletter.",
    "© 2024 Example Gazette Media Ltd. All rights reserved.",
    "Home | World | Politics | Business | Sport",
    "Search    Subscribe    Sign in",
    "Continue reading",
    "Tags: missiles, sanctions",
]
_BOILER = st.sampled_from(BOILERPLATE)
_BLOCK = st.one_of(_PROSE, _PROSE, _HEADLINE, _BOILER)
_INDENT = st.sampled_from(["", "    ", "\t", "  "])


@st.composite
def pages(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_BLOCK, min_size=1, max_size=14))
    indent = draw(_INDENT)
    return "\n\n".join(indent + block for block in blocks)


def _paragraph_texts(content: str) -> list[str]:
    return [block.text for block in split_blocks(prepare_text(content))]


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_text_never_raises_on_arbitrary_text(content: str) -> None:
    try:
        article = clean_document(_raw(content))
    except CleanError:
        return
    assert article.text.strip()
    assert "<" not in article.text or "<" in content


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from("ab .\n\t\u00a0<>&;#xX1"), max_size=400))
def test_text_never_raises_on_markup_like_text(content: str) -> None:
    try:
        segment_text(content)
    except Exception as exc:  # pragma: no cover - the assertion is the point
        raise AssertionError(f"segment_text raised {exc!r}") from exc


@settings(max_examples=100)
@given(pages())
def test_text_body_is_subsequence_of_page_paragraphs(content: str) -> None:
    page = segment_text(content)
    assert _is_subsequence(list(page.paragraphs), _paragraph_texts(content))


@settings(max_examples=100)
@given(pages())
def test_text_cleaning_is_idempotent(content: str) -> None:
    try:
        article = clean_document(_raw(content))
    except CleanError:
        return
    again = clean_document(_raw(article.text))
    assert again.text == article.text


@settings(max_examples=100)
@given(pages())
def test_text_body_never_contains_boilerplate(content: str) -> None:
    page = segment_text(content)
    for paragraph in page.paragraphs:
        for line in paragraph.split("\n"):
            assert line not in BOILERPLATE


def test_text_live_blog_entries_keep_their_time_stamps() -> None:
    entry = (
        "{stamp}\n{headline}\nThe coast guard said its patrol boats had shadowed the vessels for "
        "several hours before they left the area, and that no shots had been fired during the "
        "encounter, officials said."
    )
    page = "\n\n".join(
        [
            "HARBOUR WATCH LIVE\nHome | Live | World",
            "Coast guard shadows survey ships: live updates",
            "Published 3 April 2024, 09:00 · By the newsroom",
            entry.format(stamp="Wednesday 11:40", headline="Survey ships leave the area"),
            entry.format(stamp="Wednesday 09:15", headline="Patrol boats sent to shadow survey ships"),
            "— End of live coverage —",
        ]
    )
    article = clean_document(_raw(page))
    assert article.title == "Coast guard shadows survey ships: live updates"
    assert (article.published, article.published_evidence) == ("2024-04-03", "byline")
    assert article.text.startswith("Wednesday 11:40\nSurvey ships leave the area\nThe coast guard said")
    assert article.text.count("\n\n") == 1
