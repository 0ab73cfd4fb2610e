"""The founding examples: every state, leader, organisation and weapon of the two seed
article bodies is found and resolved. Reads ../shared at test time and copies nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.kb import KB, load_kb
from armswatch.models import Article, Mention, ParsedArticle
from armswatch.nlp import find_mentions

DOCS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev" / "docs"


def _body(raw: str) -> str:
    """The article body: the run of prose paragraphs after the title, up to the first block
    that is not prose (a section heading, a list of headlines, "Latest Posts")."""
    blocks = [b.strip() for b in raw.replace("\r\n", "\n").split("\n\n")]
    body: list[str] = []
    for block in blocks:
        prose = len(block) >= 60 and block.rstrip("”’\"' ")[-1:] in ".!?"
        if prose:
            body.append(block)
        elif body:
            break
    return "\n\n".join(body)


@pytest.fixture(scope="module")
def kb() -> KB:
    return load_kb()


def _parse(kb: KB, name: str) -> ParsedArticle:
    path = DOCS / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    text = _body(path.read_text(encoding="utf-8"))
    article = Article(doc_id=name, source=str(path), text=text, content_hash="h", fetched_at="2024-01-01")
    return find_mentions(article, kb=kb)


def _values(parsed: ParsedArticle, kind: str) -> set[str]:
    return {m.value for m in parsed.mentions if m.kind == kind and m.value is not None}


def _person(parsed: ParsedArticle, surface: str) -> Mention | None:
    return next((m for m in parsed.mentions if m.ref == "person" and surface in m.text and m.entity), None)


def _check_offsets(parsed: ParsedArticle) -> None:
    text = parsed.article.text
    for m in parsed.mentions:
        assert text[m.start : m.end] == m.text
        s = parsed.sentences[m.sentence]
        assert s.start <= m.start < m.end <= s.end


def test_seed_dprk_russia_arms(kb: KB) -> None:
    parsed = _parse(kb, "seed_dprk_russia_arms")
    _check_offsets(parsed)
    actors = _values(parsed, "actor")
    assert {"PRK", "RUS", "USA", "CHN", "IRN", "UKR", "JPN", "KOR", "UNSC"} <= actors
    for surface, state in [
        ("Kim Jong Un", "PRK"),
        ("Vladimir Putin", "RUS"),
        ("Dmitry Peskov", "RUS"),
        ("Matthew Miller", "USA"),
    ]:
        person = _person(parsed, surface)
        assert person is not None, surface
        assert person.value == state
    # back-references to the document's people
    kim = _person(parsed, "Kim Jong Un")
    assert kim is not None
    bare = [m for m in parsed.mentions if m.text in ("Kim", "Mr Kim", "KIM") and m.kind == "actor"]
    assert len(bare) >= 5 and {m.text for m in bare} == {"Kim", "Mr Kim", "KIM"}
    assert all(m.value == "PRK" and m.entity == kim.entity for m in bare)
    assert {m.value for m in parsed.mentions if m.text == "Putin"} == {"RUS"}
    assert any(m.text.lower() == "the north" and m.value == "PRK" for m in parsed.mentions)
    assert any(m.ref == "title" and m.value == "PRK" and "leader" in m.text for m in parsed.mentions)
    backrefs = {m.text.lower(): m.members for m in parsed.mentions if m.ref == "backref" and m.members}
    assert set(backrefs["the two leaders"]) == {"PRK", "RUS"}
    assert set(backrefs["the two countries"]) == {"PRK", "RUS"}
    assert {
        "ammunition",
        "artillery",
        "rockets",
        "missiles",
        "nuclear",
        "satellites",
        "submarines",
        "small_arms",
    } <= (_values(parsed, "weapon"))
    assert {"Vostochny Cosmodrome", "Indo-Pacific"} <= _values(parsed, "place")


def test_seed_quad_statement(kb: KB) -> None:
    parsed = _parse(kb, "seed_quad_statement")
    _check_offsets(parsed)
    actors = _values(parsed, "actor")
    assert {"IND", "RUS", "UKR", "USA", "JPN", "AUS", "PRK", "KOR", "PAK", "IRN", "LBY"} <= actors
    assert {"QUAD", "UNSC", "UN", "EU", "G20"} <= actors
    quad = [m for m in parsed.mentions if m.value == "QUAD"]
    assert quad and all(set(m.members) == {"AUS", "IND", "JPN", "USA"} for m in quad)
    for surface, state in [
        ("Jaishankar", "IND"),
        ("Yoko Kamikawa", "JPN"),
        ("Penny Wong", "AUS"),
        ("Antony Blinken", "USA"),
        ("Kim Jong Un", "PRK"),
        ("Vladimir Putin", "RUS"),
    ]:
        person = _person(parsed, surface)
        assert person is not None, surface
        assert person.value == state
    assert {"missiles", "nuclear"} <= _values(parsed, "weapon")
    times = {(m.text, m.value) for m in parsed.mentions if m.kind == "time"}
    assert {("mid-1990s", "1995"), ("2003", "2003"), ("2011", "2011")} <= times
    assert any(m.ref == "duration" and "19 months" in m.text for m in parsed.mentions)
    assert "Indo-Pacific" in _values(parsed, "place")
