"""Quantities next to weapons and troops."""

from __future__ import annotations

import re

import pytest

from armswatch.nlp.quantities import find_quantities, normalise_number

WEAPON_WORDS = re.compile(r"\b(?:artillery shells|shells|ballistic missiles|S-400|missiles|drones)\b")


def _quantities(text: str) -> list[tuple[str, str, str, str]]:
    spans = [m.span() for m in WEAPON_WORDS.finditer(text)]
    return [(text[q.start : q.end], q.value, q.ref, q.noun) for q in find_quantities(text, spans)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It sent over 6 million shells.", [("6 million", "6000000", "over", "shells")]),
        ("dozens of ballistic missiles", [("dozens", "dozens", "exact", "ballistic missiles")]),
        ("India ordered five S-400 regiments.", [("five", "5", "exact", "s-400")]),
        ("about 1,500 North Korean special forces", [("1,500", "1500", "about", "special forces")]),
        ("as many as 12,000 North Korean soldiers", [("12,000", "12000", "up_to", "soldiers")]),
        ("a dozen drones", [("a dozen", "12", "exact", "drones")]),
        ("tens of thousands of troops", [("tens of thousands", "tens of thousands", "exact", "troops")]),
        ("2.5 million artillery shells", [("2.5 million", "2500000", "exact", "artillery shells")]),
        ("twenty-four missiles", [("twenty-four", "24", "exact", "missiles")]),
        # not counts of weapons or troops
        ("worth about $5.43 billion in missiles", []),
        ("The missile flew 1,100 kilometres.", []),
        ("The two leaders discussed artillery shells.", []),
        ("three-way naval exercises with missiles", []),
        ("It rose 20 percent, missiles included.", []),
        ("India will buy three Ground Master 200 radars and missiles.", []),
        ("It became one of the main missiles.", []),
        ("Forces seized 750 tonnes of missiles.", []),
        ("At 12:35 missiles flew.", []),
        ("North Korea's 10,000 troops", [("10,000", "10000", "exact", "troops")]),
    ],
)
def test_find_quantities(text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert _quantities(text) == expected


def test_find_quantities_respects_excluded_spans() -> None:
    text = "In 2023 missiles were fired."
    spans = [m.span() for m in WEAPON_WORDS.finditer(text)]
    assert find_quantities(text, spans, exclude=[(3, 7)]) == []


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("6 million", "6000000"),
        ("1,500", "1500"),
        ("five", "5"),
        ("a dozen", "12"),
        ("two dozen", "24"),
        ("three hundred", "300"),
        ("hundreds", "hundreds"),
        ("Thousands", "thousands"),
        ("1.5bn", "1500000000"),
        ("many", None),
    ],
)
def test_normalise_number(words: str, value: str | None) -> None:
    assert normalise_number(words) == value
