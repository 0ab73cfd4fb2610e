"""WARC reading: HTML records out, everything else skipped, truncation reported once."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources import iter_documents

FETCHED = "2025-01-02T03:04:05Z"

PAGES = [
    (
        "https://news.example.org/2023/09/13/vostochny",
        "<html><head><title>Summit</title></head><body><p>Kim Jong Un met Vladimir Putin at the "
        "Vostochny Cosmodrome on 13 September 2023.</p></body></html>",
    ),
    (
        "https://news.example.org/2024/06/19/treaty",
        "<html><body><p>Russia and North Korea signed a partnership treaty in Pyongyang "
        "on 19 June 2024.</p></body></html>",
    ),
    (
        "https://news.example.org/2022/08/26/k2",
        "<html><body><p>Poland ordered 180 K2 tanks from South Korea \u2014 a record deal.</p></body></html>",
    ),
]


def _http(
    content_type: str, status: str = "200 OK", extra: list[tuple[str, str]] | None = None
) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1")


def write_warc(
    path: Path, *, gz: bool, pages: list[tuple[str, str]] = PAGES, with_noise: bool = True
) -> Path:
    """A WARC with a warcinfo record, the given HTML pages, and (optionally) records to skip."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "armswatch tests"}))
        for n, (url, html) in enumerate(pages):
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(html.encode("utf-8")),
                http_headers=_http("text/html; charset=utf-8"),
                warc_headers_dict={"WARC-Date": f"2024-06-19T00:00:0{n}Z"},
            )
            writer.write_record(record)
            if with_noise:
                image = writer.create_warc_record(
                    url + ".png",
                    "response",
                    payload=io.BytesIO(b"\x89PNG\r\n"),
                    http_headers=_http("image/png"),
                )
                writer.write_record(image)
        if with_noise:
            missing = writer.create_warc_record(
                "https://news.example.org/missing",
                "response",
                payload=io.BytesIO(b"<html><body>Not found</body></html>"),
                http_headers=_http("text/html", status="404 Not Found"),
            )
            writer.write_record(missing)
    return path


def _docs(items: list[RawDoc | IngestFailure]) -> list[RawDoc]:
    return [item for item in items if isinstance(item, RawDoc)]


def _errors(items: list[RawDoc | IngestFailure]) -> list[IngestFailure]:
    return [item for item in items if isinstance(item, IngestFailure)]


@pytest.mark.parametrize("gz", [True, False])
def test_html_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    items = list(iter_documents([str(path)], fetched_at=FETCHED))
    assert _errors(items) == []
    docs = _docs(items)
    assert [doc.url for doc in docs] == [url for url, _ in PAGES]
    assert [doc.content for doc in docs] == [html for _, html in PAGES]
    assert {doc.kind for doc in docs} == {"html"}
    assert all(doc.fetched_at == FETCHED for doc in docs)
    # warcinfo is record 1; each page is followed by an image record.
    assert [doc.source for doc in docs] == [f"{path}#record-{n}" for n in (2, 4, 6)]


def test_doc_id_is_the_record_uuid(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "ids.warc.gz", gz=True)
    docs = _docs(list(iter_documents([str(path)], fetched_at=FETCHED)))
    raw = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
    for doc in docs:
        assert len(doc.doc_id) == 36
        assert f"<urn:uuid:{doc.doc_id}>" in raw


def test_fetched_at_defaults_to_warc_date(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "dates.warc", gz=False)
    docs = _docs(list(iter_documents([str(path)])))
    assert [doc.fetched_at for doc in docs] == [
        "2024-06-19T00:00:00Z",
        "2024-06-19T00:00:01Z",
        "2024-06-19T00:00:02Z",
    ]


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_yields_what_was_read_then_one_error(tmp_path: Path, gz: bool) -> None:
    full = write_warc(tmp_path / ("full.warc.gz" if gz else "full.warc"), gz=gz, with_noise=False)
    data = full.read_bytes()
    # Cut inside the last page's record: two pages are complete.
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: len(data) - 60])
    items = list(iter_documents([str(cut)], fetched_at=FETCHED))
    docs = _docs(items)
    errors = _errors(items)
    assert [doc.url for doc in docs[:2]] == [PAGES[0][0], PAGES[1][0]]
    assert docs[0].content == PAGES[0][1]
    assert len(errors) == 1
    assert items[-1] == errors[0]
    kind = "gzip" if gz else "WARC"
    assert errors[0].message.startswith(f"truncated {kind} stream after 3 records")
    assert errors[0].source == str(cut)


def test_cut_inside_a_header_is_reported(tmp_path: Path) -> None:
    full = write_warc(tmp_path / "full.warc", gz=False, with_noise=False)
    data = full.read_bytes()
    last = data.rindex(b"WARC/1.0")
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: last + 40])
    items = list(iter_documents([str(cut)], fetched_at=FETCHED))
    assert len(_docs(items)) == 2
    assert [error.message for error in _errors(items)] == [
        "truncated WARC stream after 3 records (record 4 header cut short)"
    ]


def test_chunked_gzip_body_and_http_charset(tmp_path: Path) -> None:
    html = "<html><body><p>Caf\u00e9 talks in S\u00e3o Paulo.</p></body></html>"
    body = gzip.compress(html.encode("cp1252"))
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    path = tmp_path / "encoded.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        headers = _http(
            "text/html; charset=windows-1252",
            extra=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
        )
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.org/c", "response", payload=io.BytesIO(chunked), http_headers=headers
            )
        )
    [doc] = list(iter_documents([str(path)], fetched_at=FETCHED))
    assert isinstance(doc, RawDoc)
    assert doc.content == html


def test_resource_record_with_html_type_is_read(tmp_path: Path) -> None:
    path = tmp_path / "resource.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        writer.write_record(
            writer.create_warc_record(
                "https://news.example.org/r",
                "resource",
                payload=io.BytesIO(b"<html><body><p>Stored page.</p></body></html>"),
                warc_content_type="text/html",
            )
        )
    [doc] = list(iter_documents([str(path)], fetched_at=FETCHED))
    assert isinstance(doc, RawDoc)
    assert doc.url == "https://news.example.org/r"


def test_oversize_record_is_refused_and_the_rest_read(tmp_path: Path) -> None:
    big = "<html><body>" + "<p>padding sentence.</p>" * 200 + "</body></html>"
    pages = [PAGES[0], ("https://news.example.org/big", big), PAGES[1]]
    path = write_warc(tmp_path / "big.warc.gz", gz=True, pages=pages, with_noise=False)
    items = list(iter_documents([str(path)], max_bytes=1000, fetched_at=FETCHED))
    assert [doc.url for doc in _docs(items)] == [PAGES[0][0], PAGES[1][0]]
    [error] = _errors(items)
    assert error.source == f"{path}#record-3"
    assert "over the limit of 1000 (--max-bytes)" in error.message


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("This is a plain text file with a WARC extension.\n")
    [error] = list(iter_documents([str(path)]))
    assert isinstance(error, IngestFailure)
    assert error.message.startswith("not a WARC file")


def test_warc_without_html(tmp_path: Path) -> None:
    path = tmp_path / "images.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        writer.write_record(
            writer.create_warc_record(
                "https://e.org/i.png",
                "response",
                payload=io.BytesIO(b"\x89PNG"),
                http_headers=_http("image/png"),
            )
        )
    [error] = list(iter_documents([str(path)]))
    assert isinstance(error, IngestFailure)
    assert error.message == "no HTML pages among 1 record"
