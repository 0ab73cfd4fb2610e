"""The gazetteer: word boundaries, case rules, longest match, offsets that survive normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armswatch.nlp.gazetteer import Entry, Gazetteer

ENTRIES = [
    Entry("alias", "Russia", "RUS", proper=True),
    Entry("alias", "North Korea", "PRK", proper=True),
    Entry("alias", "North Korean", "PRK-dem", proper=True),
    Entry("alias", "South Korean", "KOR-dem", proper=True),
    Entry("alias", "Korean", "KOREAN", proper=True),
    Entry("alias", "US", "USA", exact=True),
    Entry("alias", "U.S.", "USA", proper=True),
    Entry("alias", "the North", "PRK", exact=True),
    Entry("alias", "the Kremlin", "RUS", proper=True),
    Entry("weapon", "shells", "ammo"),
    Entry("weapon", "artillery shells", "ammo2"),
    Entry("title", "leader", "head_of_state"),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(ENTRIES)


def _found(gazetteer: Gazetteer, text: str) -> list[tuple[str, object]]:
    return [(text[h.start : h.end], h.entries[0].target) for h in gazetteer.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia's army", [("Russia", "RUS")]),
        ("Russia’s army", [("Russia", "RUS")]),
        ("Russian troops", []),
        ("PRussia", []),
        ("the South Korean navy", [("South Korean", "KOR-dem")]),
        ("a North Korean leader", [("North Korean", "PRK-dem"), ("leader", "head_of_state")]),
        ("North  Korea\u00a0fired", [("North  Korea", "PRK")]),
        ("let us go; the US went", [("US", "USA")]),
        ("the U.S.-Japan alliance", [("U.S.", "USA")]),
        ("anti-US rhetoric", [("US", "USA")]),
        ("the north of the country", []),
        ("The North fired", [("The North", "PRK")]),
        ("the kremlin said", []),
        ("THE KREMLIN SAID", [("THE KREMLIN", "RUS")]),
        ("old artillery shells and shells", [("artillery shells", "ammo2"), ("shells", "ammo")]),
        ("ARTILLERY SHELLS", [("ARTILLERY SHELLS", "ammo2")]),
        ("eggshells", []),
    ],
)
def test_gazetteer_find(gazetteer: Gazetteer, text: str, expected: list[tuple[str, object]]) -> None:
    assert _found(gazetteer, text) == expected


def test_gazetteer_keeps_all_entries_of_a_shared_form() -> None:
    gazetteer = Gazetteer(
        [Entry("surname", "Kim", "a", proper=True), Entry("surname", "Kim", "b", proper=True)]
    )
    (hit,) = gazetteer.find("Kim said")
    assert [e.target for e in hit.entries] == ["a", "b"]


def test_gazetteer_empty() -> None:
    assert Gazetteer([]).find("Russia") == []


_WORDS = st.sampled_from(
    ["Russia", "North", "Korea", "North Korea", "US", "us", "shells", "’s", "  ", "\n", " ", "-", "x"]
)


@given(st.lists(_WORDS, max_size=30).map("".join))
def test_gazetteer_hits_point_into_the_original_text(text: str) -> None:
    hits = Gazetteer(ENTRIES).find(text)
    last = 0
    for hit in hits:
        assert last <= hit.start < hit.end <= len(text)
        span = " ".join(text[hit.start : hit.end].split()).lower().replace("’", "'")
        assert any(span == " ".join(e.form.split()).lower() for e in hit.entries)
        last = hit.end
