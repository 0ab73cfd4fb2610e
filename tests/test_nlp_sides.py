"""War sides on our own sentences: "either side", "both sides", "the warring parties" as the
parties of a war of ``kb/conflicts.csv``, named by the phrase or by the document, at its date."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.kb import KB, load_kb
from armswatch.models import Article, Mention
from armswatch.nlp import find_mentions

KB_DIR = Path(__file__).parent / "data" / "nlp" / "kb"


@pytest.fixture(scope="module")
def kb() -> KB:
    return load_kb(overlay=KB_DIR)


def _backrefs(kb: KB, text: str, published: str) -> list[tuple[str, tuple[str, ...]]]:
    article = Article(
        doc_id="t", source="t", text=text, content_hash="h", fetched_at="2025-01-01", published=published
    )
    mentions: list[Mention] = [m for m in find_mentions(article, kb=kb).mentions if m.ref == "backref"]
    assert all(m.value is None for m in mentions)
    return [(m.text, m.members) for m in mentions]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Brazil said it had sold no arms to either side in the war in Ukraine.",
            "2023-03-01",
            [("either side", ("RUS", "UKR"))],
        ),
        (
            "Egypt urged Sudan's warring parties to agree a truce.",
            "2023-06-01",
            [("warring parties", ("rsf", "SDN"))],
        ),
        (
            "Qatar asked both sides in the Gaza war to accept the truce.",
            "2024-01-10",
            [("both sides", ("hamas", "ISR"))],
        ),
        (
            "France called on the warring parties in Lebanon to respect the ceasefire.",
            "2024-12-02",
            [("the warring parties", ("hezbollah", "ISR"))],
        ),
        (
            "Moscow and Kyiv traded blame. Israel said it sent weapons to neither side of the conflict.",
            "2022-05-01",
            [("neither side", ("RUS", "UKR"))],
        ),
    ],
)
def test_sides_are_the_parties_of_the_war_the_phrase_names(
    kb: KB, text: str, published: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert _backrefs(kb, text, published) == expected


def test_sides_are_the_parties_of_the_war_the_document_names_most(kb: KB) -> None:
    text = (
        "PORT SUDAN - Sudan's army said the Rapid Support Forces shelled El Fasher. "
        "Sudan accused the UAE of arming the paramilitary. Kenya said it sent no weapons to either side."
    )
    assert _backrefs(kb, text, "2024-05-01") == [("either side", ("rsf", "SDN"))]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # the war had not begun at the article's date, nor in the year the sentence names
        ("Germany sent no arms to either side in the war in Sudan.", "2019-05-01"),
        ("In 2019, Germany sent no arms to either side in the war in Sudan.", "2024-05-01"),
        # a war the KB does not know, named or not
        ("Brazil sold no arms to either side in the war in Myanmar.", "2024-05-01"),
        ("China has never sold lethal arms to either side, the ministry said.", "2024-05-01"),
    ],
)
def test_sides_of_no_known_running_war_give_no_mention(kb: KB, text: str, published: str) -> None:
    assert _backrefs(kb, text, published) == []


def test_both_sides_outside_talk_of_war_are_the_two_states_named_last(kb: KB) -> None:
    text = "Russia and China held talks in Moscow. Both sides agreed to meet again."
    assert _backrefs(kb, text, "2024-05-01") == [("Both sides", ("RUS", "CHN"))]


def test_sides_of_a_war_take_the_year_the_sentence_names(kb: KB) -> None:
    text = "Iran sent arms to neither side in the war over Nagorno-Karabakh, Tehran said."
    assert _backrefs(kb, text, "2024-05-01") == []
    text = "In 2020, Iran sent arms to neither side in the war over Nagorno-Karabakh, Tehran said."
    assert _backrefs(kb, text, "2024-05-01") == [("neither side", ("ARM", "AZE"))]
