"""RSS and Atom feeds: one document per item, with the item's own metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources import iter_documents
from armswatch.sources._common import short_id

DATA = Path(__file__).parent / "data" / "sources"
FETCHED = "2025-01-02T03:04:05Z"


def _items(path: Path, **kwargs: object) -> list[RawDoc | IngestFailure]:
    return list(iter_documents([str(path)], fetched_at=FETCHED, **kwargs))  # type: ignore[arg-type]


def test_rss_items() -> None:
    path = DATA / "feed_rss.xml"
    items = _items(path)
    assert [item.source for item in items] == [f"{path}#item-{n}" for n in (1, 2, 3, 4)]
    first, second, third, fourth = items
    assert isinstance(first, RawDoc)
    # content:encoded wins over the description, and it is markup.
    assert first.kind == "html"
    assert first.content.startswith("<p>Russian President Vladimir Putin received")
    assert first.doc_id == short_id("wire-2023-0913-vostochny")
    assert (first.title, first.url, first.outlet) == (
        "Putin hosts Kim Jong Un at Vostochny Cosmodrome",
        "https://wire.example.org/2023/09/13/vostochny",
        "Armswatch Test Wire",
    )
    # 08:30 in Seoul is the evening before in UTC: the outlet's own date is kept.
    assert first.published == "2023-09-13"
    assert isinstance(second, RawDoc)
    assert (second.kind, second.published) == ("text", "2024-06-19")
    assert second.doc_id == short_id("https://wire.example.org/2024/06/19/treaty")
    assert isinstance(third, RawDoc)
    assert (third.doc_id, third.url, third.published) == ("feed_rss-3", None, None)
    assert isinstance(fourth, IngestFailure)
    assert fourth.message == "empty document: item has no content or summary"


def test_atom_entries() -> None:
    path = DATA / "feed_atom.atom"
    items = _items(path)
    assert all(isinstance(item, RawDoc) for item in items)
    docs = [item for item in items if isinstance(item, RawDoc)]
    assert [(doc.kind, doc.published, doc.outlet) for doc in docs] == [
        ("html", "2020-12-14", "Armswatch Atom Desk"),
        ("text", "2019-07-12", "Armswatch Atom Desk"),
    ]
    assert docs[0].content == (
        "<p>Washington imposed CAATSA sanctions on Turkey's Presidency of Defense Industries over its "
        "purchase of the Russian S-400 system.</p>"
    )
    assert docs[1].doc_id == short_id("tag:desk.example.org,2019:s400-delivery")


def test_ids_are_stable() -> None:
    path = DATA / "feed_rss.xml"
    assert [item.doc_id for item in _items(path)] == [item.doc_id for item in _items(path)]


@pytest.mark.parametrize("suffix", [".rss", ".feed"])
def test_other_feed_extensions(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"copy{suffix}"
    path.write_bytes((DATA / "feed_rss.xml").read_bytes())
    assert len([item for item in _items(path) if isinstance(item, RawDoc)]) == 3


def test_feed_with_no_items(tmp_path: Path) -> None:
    path = tmp_path / "quiet.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    [error] = _items(path)
    assert isinstance(error, IngestFailure)
    assert (error.message, error.doc_id) == ("feed has no items", "quiet")


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("this is not xml at all <<<")
    [error] = _items(path)
    assert isinstance(error, IngestFailure)
    assert error.message.startswith("not an RSS/Atom feed")


def test_oversize_feed(tmp_path: Path) -> None:
    path = tmp_path / "big.rss"
    path.write_bytes((DATA / "feed_rss.xml").read_bytes())
    [error] = _items(path, max_bytes=100)
    assert isinstance(error, IngestFailure)
    assert "over the limit of 100 (--max-bytes)" in error.message


def test_latin1_feed_declared_in_xml(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Desk</title>'
        "<item><title>Bras\u00edlia</title><guid>b-1</guid><description>Bras\u00edlia hosted the talks."
        "</description></item></channel></rss>"
    )
    path = tmp_path / "latin.xml"
    path.write_bytes(xml.encode("latin-1"))
    [doc] = _items(path)
    assert isinstance(doc, RawDoc)
    assert (doc.title, doc.content) == ("Bras\u00edlia", "Bras\u00edlia hosted the talks.")
