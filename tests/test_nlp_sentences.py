"""Sentence splitting: abbreviations, initials, quotes, paragraphs, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armswatch.nlp.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops moved. Tanks followed.", ["Troops moved.", "Tanks followed."]),
        (
            "The U.S. State Department said so. It added more.",
            ["The U.S. State Department said so.", "It added more."],
        ),
        (
            "Sanctions came from the U.S. The move angered Moscow.",
            ["Sanctions came from the U.S.", "The move angered Moscow."],
        ),
        ("Mr. Kim arrived. Dr Lee left.", ["Mr. Kim arrived.", "Dr Lee left."]),
        (
            "They met on Sept. 13 in the east. Talks ended.",
            ["They met on Sept. 13 in the east.", "Talks ended."],
        ),
        ("Resolution No. 2 passed. Another failed.", ["Resolution No. 2 passed.", "Another failed."]),
        (
            "External Affairs Minister S. Jaishankar spoke. He left.",
            ["External Affairs Minister S. Jaishankar spoke.", "He left."],
        ),
        (
            "Abdul Q. Khan sold designs. Iran bought them.",
            ["Abdul Q. Khan sold designs.", "Iran bought them."],
        ),
        ('He said: "We will respond." Then he left.', ['He said: "We will respond."', "Then he left."]),
        ("“Is this a test?” he asked. Nobody knew.", ["“Is this a test?” he asked.", "Nobody knew."]),
        (
            "The deal is worth $5.43 billion. It was signed.",
            ["The deal is worth $5.43 billion.", "It was signed."],
        ),
        (
            "First paragraph without stop\n\nSecond paragraph.",
            ["First paragraph without stop", "Second paragraph."],
        ),
        (
            "Monday 18:05 KST\nTokyo: missile came down\nThe ministry said so.",
            ["Monday 18:05 KST", "Tokyo: missile came down", "The ministry said so."],
        ),
        ("Wow! Really? Yes.", ["Wow!", "Really?", "Yes."]),
        ("prices rose 3.5 per cent. in March", ["prices rose 3.5 per cent. in March"]),
    ],
)
def test_split_sentences_cases(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_split_sentences_joins_hard_wrapped_lines() -> None:
    line = "The foreign ministers of the four countries met on the sidelines of the annual"
    text = f"{line}\nassembly and issued a statement. It was short."
    assert _sentences(text) == [f"{line}\nassembly and issued a statement.", "It was short."]


def test_split_sentences_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


_PIECES = st.sampled_from(
    [
        "U.S.",
        "Mr.",
        "Sept. 13",
        "No. 2",
        "Kim",
        "said",
        '"',
        "”",
        ".",
        "?",
        "!",
        " ",
        "\n",
        "\n\n",
        "A.",
        "the",
        "It",
    ]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_split_sentences_spans_are_trimmed_ordered_and_cover_all_text(text: str) -> None:
    spans = split_sentences(text)
    covered = bytearray(len(text))
    last_end = -1
    for start, end in spans:
        assert last_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered[start:end] = b"\x01" * (end - start)
        last_end = end
    for i, ch in enumerate(text):
        assert ch.isspace() or covered[i], (i, text)
