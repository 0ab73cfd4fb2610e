"""HTML pages: main text without furniture, and title, outlet and dates from markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.clean import CleanError, clean_document
from armswatch.models import Article, RawDoc

DATA = Path(__file__).parent / "data" / "clean"


def _clean(content: str, **given_values: str) -> Article:
    raw = RawDoc(
        doc_id="h",
        source="test",
        kind="html",
        content=content,
        content_hash="h",
        fetched_at="2024-01-01T00:00:00Z",
        **given_values,
    )
    return clean_document(raw)


def _fixture(name: str) -> Article:
    return _clean((DATA / name).read_text(encoding="utf-8"))


def test_html_jsonld_page_metadata() -> None:
    article = _fixture("jsonld_article.html")
    assert article.title == "US to send cluster munitions to Ukraine, drawing criticism from allies"
    assert article.outlet == "Potomac Observer"  # from the <title> suffix
    assert (article.published, article.published_evidence) == ("2023-07-07", "json-ld")
    assert article.page_date == "2023-07-08"
    assert article.lang == "en"


def test_html_jsonld_page_body_has_no_furniture() -> None:
    text = _fixture("jsonld_article.html").text
    assert text.startswith("WASHINGTON — The United States will supply Ukraine with cluster munitions")
    assert text.endswith("according to the United Nations and independent investigators.")
    assert len(text.split("\n\n")) == 6
    for noise in (
        "Read also",
        "cookies",
        "Tags:",
        "Share:",
        "Senate passes",
        "newsletter",
        "Sign up",
        "©",
        "<",
    ):
        assert noise not in text
    assert "Washington says Kyiv has given written assurances" not in text  # the standfirst


def test_html_time_element_date_and_site_name() -> None:
    article = _fixture("time_article.html")
    assert article.title == "Hungarian parliament approves Sweden’s NATO membership"
    assert article.outlet == "The Danube Ledger"
    assert (article.published, article.published_evidence) == ("2024-02-26", "time")
    assert article.page_date == "2024-02-27"
    assert article.text.startswith("BUDAPEST – Hungary’s parliament on Monday voted")
    assert article.text.endswith("deposited in Washington.")
    assert "Sign up" not in article.text and "More from the Ledger" not in article.text


def test_html_given_values_take_precedence() -> None:
    content = (DATA / "time_article.html").read_text(encoding="utf-8")
    article = _clean(
        content, title="From the feed", outlet="Feed outlet", published="2024-02-27T09:00:00+01:00"
    )
    assert (article.title, article.outlet, article.published) == (
        "From the feed",
        "Feed outlet",
        "2024-02-27",
    )
    assert article.published_evidence == "given"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2022-03-01T08:00:00Z">', ("2022-03-01", "meta")),
        ('<meta name="pubdate" content="20220301">', ("2022-03-01", "meta")),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
            '"datePublished": "2022-03-01"}]}</script>',
            ("2022-03-01", "json-ld"),
        ),
    ],
)
def test_html_date_evidence(head: str, expected: tuple[str, str]) -> None:
    body = f"<article><p>{_PROSE}</p><p>{_PROSE}</p></article>"
    page = f"<html><head>{head}<title>T</title></head><body>{body}</body></html>"
    article = _clean(page)
    assert (article.published, article.published_evidence) == expected


def test_html_title_suffix_is_removed_and_names_outlet() -> None:
    page = (
        "<html><head><title>Navy commissions new frigate – Harbour Gazette</title></head><body><article>"
        f"<h1>Navy commissions new frigate</h1><p>{_PROSE}</p><p>{_PROSE}</p></article></body></html>"
    )
    article = _clean(page)
    assert article.title == "Navy commissions new frigate"
    assert article.outlet == "Harbour Gazette"


def test_html_feed_sign_off_is_dropped_at_any_length() -> None:
    # WordPress feeds end each item with the headline in a sign-off: it is not the article.
    sign_off = (
        '<p>The post <a href="https://wire.example/a">South Korea says North Korea has shipped more '
        'artillery shells to Russia by sea</a> appeared first on <a href="https://wire.example">Wire</a>.</p>'
    )
    page = f"<html><body><article><p>{_PROSE}</p><p>{_PROSE}</p>{sign_off}</article></body></html>"
    text = _clean(page).text
    assert "appeared first" not in text
    assert text.endswith(_PROSE)


def test_html_entities_are_decoded() -> None:
    sentence = "Officials&rsquo; plans &amp; budgets were &#8220;final&#8221;."
    page = f"<html><body><article><p>{_PROSE} {sentence}</p></article></body></html>"
    text = _clean(page).text
    assert "Officials’ plans & budgets were “final”." in text
    assert "&" + "amp;" not in text


def test_html_without_article_text_raises_clean_error() -> None:
    with pytest.raises(CleanError):
        _clean("<html><head><title>Empty</title></head><body><nav><a href='/'>Home</a></nav></body></html>")


def test_html_garbage_raises_clean_error() -> None:
    with pytest.raises(CleanError):
        _clean("")


_PROSE = (
    "The defence ministry said the frigate would join the fleet next month after sea trials were completed, "
    "and that a second ship of the class was due to be launched at the same yard later in the year."
)


def test_html_saved_as_text_is_read_as_html() -> None:
    page = f"<!DOCTYPE html><html><body><article><p>{_PROSE}</p><p>{_PROSE}</p></article></body></html>"
    raw = RawDoc(doc_id="t", source="test", kind="text", content=page, content_hash="h", fetched_at="x")
    article = clean_document(raw)
    assert article.text.startswith("The defence ministry said") and "<" not in article.text


_FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        '<div class="share-bar">',
        "</div>",
        "<article>",
        "<aside>",
        "<h1>Title</h1>",
        "<title>Head | Site</title>",
        '<time datetime="2024-13-45">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": 5}</script>',
        '<?xml version="1.0" encoding="utf-8"?>',
        "&amp; &bogus; ",
        _PROSE,
    ]
)


@settings(max_examples=100)
@given(st.one_of(st.text(max_size=200), st.lists(_FRAGMENTS, max_size=30).map("".join)))
def test_html_never_raises_but_clean_error(content: str) -> None:
    try:
        article = _clean(content)
    except CleanError:
        return
    assert article.text.strip()
    assert "<p>" not in article.text
