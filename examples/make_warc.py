"""Build the demo WARC, examples/corpus/warc/crawl-sample.warc.gz, from the files in examples/warc_src/.

The archive holds a warcinfo record, a robots.txt response (text/plain, which readers must skip)
and one HTML response per page in warc_src/. Record ids and dates are derived from the inputs, so
running the script twice gives byte-identical output and the committed file can be checked.

Run from the repository root:  .venv/bin/python examples/make_warc.py
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc_src"
OUT = HERE / "corpus" / "warc" / "crawl-sample.warc.gz"

# A fixed crawl time keeps the output reproducible; it is deliberately later than the articles'
# own dates, as in a real crawl, so readers must not take WARC-Date for the publication date.
CRAWL_START = datetime(2025, 5, 2, 8, 0, 0, tzinfo=UTC)
ROBOTS_URL = "https://www.coromandel-herald.example/robots.txt"
CANONICAL = re.compile(r'<link\s+rel="canonical"\s+href="([^"]+)"', re.IGNORECASE)


def record_id(key: str) -> str:
    """Return a stable WARC-Record-ID for a URI (or other key)."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}>"


def warc_date(when: datetime) -> str:
    """Format a time as a WARC 1.0 date (second precision, UTC)."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_url(html: str, path: Path) -> str:
    """Return the page's canonical URL, which the crawl is pretending to have fetched."""
    match = CANONICAL.search(html)
    if match is None:
        raise SystemExit(f'{path}: no <link rel="canonical"> to use as the target URI')
    return match.group(1)


def write_response(
    writer: WARCWriter, uri: str, body: bytes, content_type: str, when: datetime, info_id: str
) -> None:
    """Write one HTTP 200 response record."""
    http_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Date", format_datetime(when, usegmt=True)),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300"),
        ],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Record-ID": record_id(uri),
            "WARC-Date": warc_date(when),
            "WARC-Warcinfo-ID": info_id,
        },
    )
    writer.write_record(record)


def main() -> None:
    """Write the WARC file from warc_src/."""
    pages = sorted(SRC.glob("*.html"))
    if not pages:
        raise SystemExit(f"no HTML pages in {SRC}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    info_id = record_id(f"warcinfo:{OUT.name}")
    with OUT.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        fields = (
            b"software: armswatch examples/make_warc.py (warcio)\r\n"
            b"format: WARC File Format 1.0\r\n"
            b"description: Demo crawl for armswatch; every page was written for the project.\r\n"
            b"isPartOf: armswatch-demo-crawl\r\n"
        )
        info = writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(fields),
            length=len(fields),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": info_id,
                "WARC-Date": warc_date(CRAWL_START),
                "WARC-Filename": OUT.name,
            },
        )
        writer.write_record(info)

        robots = (SRC / "robots.txt").read_bytes()
        write_response(writer, ROBOTS_URL, robots, "text/plain; charset=utf-8", CRAWL_START, info_id)

        for number, page in enumerate(pages, start=1):
            html = page.read_text(encoding="utf-8")
            when = CRAWL_START + timedelta(seconds=7 * number)
            uri = canonical_url(html, page)
            write_response(writer, uri, html.encode("utf-8"), "text/html; charset=utf-8", when, info_id)

    print(f"wrote {OUT} ({len(pages)} HTML pages)")  # noqa: T201


if __name__ == "__main__":
    main()
