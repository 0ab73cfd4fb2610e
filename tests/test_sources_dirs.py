"""Directory walks: recursive, name-sorted, hidden and unknown files skipped, streaming."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources import iter_documents

DATA = Path(__file__).parent / "data" / "sources"
FETCHED = "2025-01-02T03:04:05Z"


def test_tree_is_walked_in_name_order() -> None:
    root = DATA / "tree"
    items = list(iter_documents([str(root)], fetched_at=FETCHED))
    assert all(isinstance(item, RawDoc) for item in items)
    assert [item.source for item in items] == [
        str(root / "a_kursk.txt"),
        str(root / "b_s400.html"),
        str(root / "sub" / "c_taurus.text"),
        str(root / "sub" / "deeper" / "d_pinaka.htm"),
        f"{root / 'sub' / 'records.ndjson'}:1",
        f"{root / 'sub' / 'records.ndjson'}:2",
    ]
    docs = [item for item in items if isinstance(item, RawDoc)]
    assert [doc.doc_id for doc in docs] == ["a_kursk", "b_s400", "c_taurus", "d_pinaka", "nd-1", "nd-2"]
    assert [doc.kind for doc in docs] == ["text", "html", "text", "html", "text", "html"]


def test_same_result_every_time() -> None:
    root = str(DATA / "tree")
    first = list(iter_documents([root], fetched_at=FETCHED))
    assert list(iter_documents([root], fetched_at=FETCHED)) == first


def test_ten_thousand_files_stream(tmp_path: Path) -> None:
    for n in range(10_000):
        (tmp_path / f"doc{n:05d}.txt").write_text(f"Document {n}.")
    stream = iter_documents([str(tmp_path)], fetched_at=FETCHED)
    first = next(stream)
    assert isinstance(first, RawDoc)
    assert first.doc_id == "doc00000"
    rest = list(stream)
    assert len(rest) == 9_999
    assert isinstance(rest[-1], RawDoc)
    assert rest[-1].content == "Document 9999."


def test_broken_symlink_and_bad_file_do_not_stop_the_walk(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First.")
    (tmp_path / "b.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "d.unknown").symlink_to(tmp_path / "missing.unknown")
    (tmp_path / "e.txt").write_text("Last.")
    items = list(iter_documents([str(tmp_path)]))
    assert [(type(item).__name__, item.source) for item in items] == [
        ("RawDoc", str(tmp_path / "a.txt")),
        ("IngestFailure", str(tmp_path / "b.txt")),
        ("IngestFailure", str(tmp_path / "c.txt")),
        ("RawDoc", str(tmp_path / "e.txt")),
    ]


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Only once.")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    items = list(iter_documents([str(tmp_path)]))
    assert [item.source for item in items] == [str(tmp_path / "sub" / "a.txt")]


def test_unreadable_directory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a_locked").mkdir()
    (tmp_path / "a_locked" / "x.txt").write_text("Hidden by permissions.")
    (tmp_path / "b.txt").write_text("Readable.")
    real_scandir = os.scandir
    locked = str(tmp_path / "a_locked")

    def scandir(path: str) -> object:
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_documents([str(tmp_path)]))
    assert isinstance(items[0], IngestFailure)
    assert (items[0].source, items[0].message) == (locked, "cannot read directory: Permission denied")
    assert isinstance(items[1], RawDoc)


def test_several_paths_in_order(tmp_path: Path) -> None:
    (tmp_path / "z.txt").write_text("Zed.")
    (tmp_path / "a.txt").write_text("Ay.")
    items = list(iter_documents([str(tmp_path / "z.txt"), str(tmp_path / "nope"), str(tmp_path / "a.txt")]))
    assert [type(item).__name__ for item in items] == ["RawDoc", "IngestFailure", "RawDoc"]
