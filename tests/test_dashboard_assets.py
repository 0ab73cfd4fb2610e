"""The dashboard's files: vendored libraries with their licences, nothing remote, no HTML sinks."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import get_args

import pytest

from armswatch.api import schemas
from armswatch.api.app import STATIC_DIR, TEMPLATES_DIR
from armswatch.models import EVENT_TYPES, FACTUALITIES, WEAPON_CATEGORIES

VENDOR = STATIC_DIR / "vendor"
OWN_FILES = [
    TEMPLATES_DIR / "index.html",
    TEMPLATES_DIR / "docs.html",
    STATIC_DIR / "js" / "dashboard.js",
    STATIC_DIR / "js" / "docs.js",
    STATIC_DIR / "css" / "dashboard.css",
]


@pytest.mark.parametrize("library", ["cytoscape", "swagger-ui"])
def test_vendored_libraries_keep_their_licence(library: str) -> None:
    folder = VENDOR / library
    assert (folder / "LICENSE").stat().st_size > 500
    assert library in (VENDOR / "README.md").read_text(encoding="utf-8")


def test_vendored_files_match_the_recorded_checksums() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    recorded = re.findall(r"^\s+([0-9a-f]{64})\s+(\S+)$", readme, flags=re.MULTILINE)
    assert len(recorded) == 3
    for digest, name in recorded:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("path", OWN_FILES, ids=lambda p: p.name)
def test_own_files_load_nothing_from_elsewhere(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    urls = set(re.findall(r"https?://[^\s\"'`)]+", text)) - {"http://www.w3.org/2000/svg"}
    assert urls == set()
    assert "//cdn" not in text


@pytest.mark.parametrize("path", [p for p in OWN_FILES if p.suffix == ".js"], ids=lambda p: p.name)
def test_scripts_never_turn_strings_into_markup_or_code(path: Path) -> None:
    code = path.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, sink


def test_pages_have_no_inline_scripts() -> None:
    for page in (TEMPLATES_DIR / "index.html", TEMPLATES_DIR / "docs.html"):
        html = page.read_text(encoding="utf-8")
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        assert not re.search(r"\son[a-z]+=", html)


def test_schema_vocabularies_match_the_contract() -> None:
    assert get_args(schemas.EventType) == EVENT_TYPES
    assert get_args(schemas.WeaponCategory) == WEAPON_CATEGORIES
    assert get_args(schemas.Factuality) == FACTUALITIES
