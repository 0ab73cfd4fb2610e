"""Single text and HTML files: ids, hashes, decoding and every way a file can be bad."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources import decode_bytes, iter_documents
from armswatch.sources._common import SourceError

DATA = Path(__file__).parent / "data" / "sources"
FETCHED = "2025-01-02T03:04:05Z"


def _one(path: Path, **kwargs: object) -> RawDoc | IngestFailure:
    [item] = list(iter_documents([str(path)], **kwargs))  # type: ignore[arg-type]
    return item


def _doc(path: Path, **kwargs: object) -> RawDoc:
    item = _one(path, **kwargs)
    assert isinstance(item, RawDoc), item
    return item


def _error(path: Path, **kwargs: object) -> IngestFailure:
    item = _one(path, **kwargs)
    assert isinstance(item, IngestFailure), item
    return item


def test_text_file() -> None:
    path = DATA / "tree" / "a_kursk.txt"
    doc = _doc(path, fetched_at=FETCHED)
    text = path.read_text(encoding="utf-8")
    assert doc == RawDoc(
        doc_id="a_kursk",
        source=str(path),
        kind="text",
        content=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        fetched_at=FETCHED,
    )


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.xhtml", "PAGE.HTML"])
def test_html_extensions(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("<html><body><p>Seoul and Warsaw signed the deal.</p></body></html>")
    doc = _doc(path)
    assert (doc.kind, doc.doc_id) == ("html", name.rsplit(".", 1)[0])


def test_doc_id_keeps_inner_dots(tmp_path: Path) -> None:
    path = tmp_path / "report.2024.06.txt"
    path.write_text("Text.")
    assert _doc(path).doc_id == "report.2024.06"


def test_fetched_at_defaults_to_now_in_utc(tmp_path: Path) -> None:
    path = tmp_path / "now.txt"
    path.write_text("Text.")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", _doc(path).fetched_at)


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b" \n\t\r\n  ")
    assert _error(tmp_path / "empty.txt").message == "empty document"
    assert _error(tmp_path / "blank.html").message == "empty document"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 8, b"%PDF-1.7\n\x00\x01\x02\x03"],
    ids=["png", "all-bytes", "pdf"],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(data)
    error = _error(path)
    assert (error.message, error.doc_id, error.source) == ("binary file, not text", "photo", str(path))


def test_cp1252_text_file(tmp_path: Path) -> None:
    text = "The \u201cS-400\u201d deal \u2014 worth \u20ac5bn \u2014 angered Washington, said the caf\u00e9."
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = _doc(path)
    assert doc.content == text
    assert doc.content_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_latin1_html_with_meta_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "</head><body><p>Bras\u00edlia and S\u00e3o Paulo host the \u00abdefence\u00bb fair.</p>"
        "</body></html>"
    )
    path = tmp_path / "latin1.html"
    path.write_bytes(html.encode("latin-1"))
    assert _doc(path).content == html


def test_meta_charset_of_another_script(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1251"></head>'
        "<body><p>Москва и Пхеньян подписали договор.</p></body></html>"
    )
    path = tmp_path / "ru.html"
    path.write_bytes(html.encode("cp1251"))
    assert _doc(path).content == html


def test_mixed_utf8_and_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("K2 tanks for Pozna\u0144, ".encode() + "the \u201cdeal\u201d".encode("cp1252"))
    assert _doc(path).content == "K2 tanks for Pozna\u0144, the \u201cdeal\u201d"


def test_utf8_and_utf16_boms(tmp_path: Path) -> None:
    text = "Caf\u00e9 diplomacy in Ankara."
    (tmp_path / "bom8.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "bom16.txt").write_bytes(text.encode("utf-16"))
    assert _doc(tmp_path / "bom8.txt").content == text
    assert _doc(tmp_path / "bom16.txt").content == text


def test_truncated_html_is_still_html(tmp_path: Path) -> None:
    path = tmp_path / "cut.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Cut</title></head><body><p>The treaty was signed in Py"
    )
    doc = _doc(path)
    assert doc.kind == "html"
    assert doc.content.endswith("signed in Py")


def test_oversize_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 5000)
    opened: list[str] = []
    real_open = open

    def spy(file: str, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    error = _error(path, max_bytes=1000)
    assert error.message == "document is 5000 bytes, over the limit of 1000 (--max-bytes)"
    assert error.doc_id == "big"
    # The limit comes from stat: the file is not even opened.
    assert str(path) not in opened
    monkeypatch.undo()
    assert _doc(path, max_bytes=5000).content == "x" * 5000


def test_missing_file_and_broken_symlink(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.txt").message == "no such file or directory"
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert _error(link).message == "broken symlink: its target does not exist"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    try:
        assert _error(path).message == "cannot read file: Permission denied"
    finally:
        path.chmod(0o644)


def test_read_error_is_reported_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.txt"
    good = tmp_path / "good.txt"
    bad.write_text("unlucky")
    good.write_text("fine")
    real_open = open

    def failing_open(file: str, *args: object, **kwargs: object) -> object:
        if str(file) == str(bad):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    items = list(iter_documents([str(bad), str(good)]))
    assert isinstance(items[0], IngestFailure)
    assert items[0].message == "cannot read file: Permission denied"
    assert isinstance(items[1], RawDoc)


def test_unknown_extension_named_explicitly_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "article.php"
    page.write_text("<!doctype html><html><body><p>Sniffed as HTML.</p></body></html>")
    plain = tmp_path / "README"
    plain.write_text("Sniffed as text.")
    assert (_doc(page).kind, _doc(page).doc_id) == ("html", "article")
    assert (_doc(plain).kind, _doc(plain).doc_id) == ("text", "README")


def test_max_bytes_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        list(iter_documents([], max_bytes=0))


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_utf8_text_decodes_to_itself(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == text


@given(st.binary(max_size=300))
def test_decode_never_fails_unexpectedly(data: bytes) -> None:
    try:
        text = decode_bytes(data, html=True)
    except SourceError as exc:
        assert str(exc) == "binary file, not text"
    else:
        assert isinstance(text, str)


def test_a_single_string_is_refused() -> None:
    with pytest.raises(TypeError, match="not a single string"):
        list(iter_documents(str(DATA / "tree")))


def test_path_objects_are_accepted() -> None:
    path = DATA / "tree" / "a_kursk.txt"
    assert _doc(path).source == str(path)
    [item] = list(iter_documents([path]))  # type: ignore[list-item]
    assert isinstance(item, RawDoc)


def test_gzipped_html_and_jsonl(tmp_path: Path) -> None:
    html = "<html><body><p>Gzipped page about the Pinaka deal.</p></body></html>"
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(html.encode()))
    (tmp_path / "lines.jsonl.gz").write_bytes(gzip.compress(b'{"id": "g1", "text": "Gzipped line."}\n'))
    (tmp_path / "other.tar.gz").write_bytes(gzip.compress(b"not a document"))
    items = list(iter_documents([str(tmp_path)]))
    assert [(item.doc_id, item.kind, item.content) for item in items if isinstance(item, RawDoc)] == [
        ("g1", "text", "Gzipped line."),
        ("page", "html", html),
    ]
    assert len(items) == 2


def test_gzipped_file_limits_and_damage(tmp_path: Path) -> None:
    packed = gzip.compress(b"x" * 5000)
    big = tmp_path / "big.txt.gz"
    big.write_bytes(packed)
    # The compressed size is small; the limit applies to the text.
    assert _error(big, max_bytes=1000).message == (
        "document is more than 1000 bytes, over the limit of 1000 (--max-bytes)"
    )
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    assert _error(cut).message == "truncated gzip stream"
    fake = tmp_path / "fake.html.gz"
    fake.write_text("<html>not compressed</html>")
    assert _error(fake).message.startswith("not a readable gzip file")
