"""A document given as a string becomes a RawDoc (or a failure record), never an exception."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armswatch.clean import clean_document
from armswatch.models import IngestFailure, RawDoc
from armswatch.sources import DEFAULT_MAX_BYTES, doc_from_string, looks_like_html
from armswatch.sources._common import short_id

PAGE = "<!DOCTYPE html><html><head><title>Test page</title></head><body><p>Words.</p></body></html>"


def _doc(content: str, **kwargs: str | int | None) -> RawDoc:
    doc = doc_from_string(content, **kwargs)  # type: ignore[arg-type]
    assert isinstance(doc, RawDoc), doc
    return doc


def test_html_and_text_are_sniffed() -> None:
    assert _doc(PAGE).kind == "html"
    assert _doc("  \n<p>A paragraph of markup.</p>").kind == "html"
    assert _doc("Plain words that mention <html> tags in prose.").kind == "text"


def test_a_given_kind_wins_over_the_sniffer() -> None:
    assert _doc(PAGE, kind="text").kind == "text"
    assert _doc("Plain words.", kind="html").kind == "html"
    with pytest.raises(ValueError, match="kind"):
        doc_from_string("Plain words.", kind="pdf")


def test_ids_come_from_the_given_id_then_the_url_then_the_content() -> None:
    text = "The ministry confirmed the delivery."
    assert _doc(text, doc_id=" given-id ", url="https://example.org/a").doc_id == "given-id"
    assert _doc(text, url="https://example.org/a").doc_id == short_id("https://example.org/a")
    by_content = _doc(text)
    assert by_content.doc_id == hashlib.sha256(text.encode()).hexdigest()[:16]
    assert by_content.doc_id == _doc(text).doc_id


def test_metadata_is_read_as_a_jsonl_record_is() -> None:
    doc = _doc(
        "The ministry confirmed the delivery.",
        url=" https://example.org/a ",
        title="  A title ",
        published="2024-10-29T23:30:00-05:00",
        outlet=" ",
        fetched_at="2025-01-02T03:04:05Z",
    )
    assert (doc.url, doc.title, doc.outlet) == ("https://example.org/a", "A title", None)
    assert doc.published == "2024-10-29"
    assert (doc.source, doc.fetched_at) == ("https://example.org/a", "2025-01-02T03:04:05Z")
    assert _doc("Words.").source == "<text>"
    assert _doc("Words.", source="document:3", url="https://example.org/a").source == "document:3"
    assert _doc("Words.", published="last Tuesday").published == "last Tuesday"


def test_blank_and_oversized_content_are_failure_records() -> None:
    blank = doc_from_string(" \n\t", source="document:2", doc_id="d")
    assert blank == IngestFailure(source="document:2", message="empty document", doc_id="d")
    big = doc_from_string("é" * 600, max_bytes=1000)
    assert isinstance(big, IngestFailure)
    assert big.message == "document is 1200 bytes, over the limit of 1000 (--max-bytes)"
    assert isinstance(doc_from_string("x" * 1000, max_bytes=1000), RawDoc)
    assert DEFAULT_MAX_BYTES == 20_000_000


def test_lone_surrogates_are_replaced_and_hashed_as_stored() -> None:
    doc = _doc("Broken \ud800 text.")
    assert doc.content == "Broken \ufffd text."
    assert doc.content_hash == hashlib.sha256(doc.content.encode()).hexdigest()


def test_a_whole_page_starts_with_its_own_tags() -> None:
    assert looks_like_html("<p>Stray <b>tags</b> in a text.</p>")
    assert not looks_like_html("<p>Stray <b>tags</b> in a text.</p>", whole_page=True)
    assert looks_like_html("<?xml version='1.0'?>\n<!-- saved -->\n<!DOCTYPE html><p>x", whole_page=True)
    assert looks_like_html(b"\xef\xbb\xbf <html><body>x</body></html>", whole_page=True)


def test_a_text_file_that_is_a_saved_page_is_cleaned_as_html() -> None:
    # The clean stage asks the same sniffer: the markup does not reach the article text.
    article = clean_document(_doc(PAGE, kind="text"))
    assert "<p>" not in article.text and "Words." in article.text


# Arbitrary text, and arbitrary text behind something tag-like so the sniffer's paths are taken.
TEXTS = st.one_of(
    st.text(),
    st.builds(
        str.__add__,
        st.sampled_from(["<p>", " <html>", "\ufeff<!-- c -->", "<?xml?><body>", "<x>", "<"]),
        st.text(),
    ),
)


@given(TEXTS)
def test_never_raises_and_sniffs_like_the_bytes_reader(text: str) -> None:
    doc = doc_from_string(text)
    if not text.strip():
        assert isinstance(doc, IngestFailure) and doc.message == "empty document"
        return
    assert isinstance(doc, RawDoc)
    assert doc.kind == ("html" if looks_like_html(text) else "text")
    # A string and its UTF-8 bytes (as a file would hold them) are sniffed alike.
    data = text.encode("utf-8", "surrogatepass")
    assert looks_like_html(text) == looks_like_html(data)
    assert looks_like_html(text, whole_page=True) == looks_like_html(data, whole_page=True)
    # A whole page is always markup.
    assert looks_like_html(text) or not looks_like_html(text, whole_page=True)
    assert doc.doc_id == doc.content_hash[:16]


@given(st.sampled_from(["<html>", "<!DOCTYPE html>", "<p>", "<div class='x'>", "\ufeff<body>"]), st.text())
def test_markup_first_is_html(tag: str, rest: str) -> None:
    doc = doc_from_string(f"{tag} {rest} words")
    assert isinstance(doc, RawDoc) and doc.kind == "html"
