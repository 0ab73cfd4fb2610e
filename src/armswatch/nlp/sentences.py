"""Rule-based sentence splitting with character offsets.

Input: the cleaned article body. Output: ``(start, end)`` spans into it, trimmed of
surrounding whitespace, in order and never overlapping. A statistical parser would be
more accurate on odd prose but costs ~100x the time; news prose is regular enough that
a handful of rules about abbreviations, initials and quotes does the job.
"""

from __future__ import annotations

import re

from armswatch.calendar_names import MONTH_ABBREVIATIONS

# Paragraph breaks always end a sentence.
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’»)\]]*)(\s+)")

# Abbreviations after which a capitalised word does not start a new sentence.
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "sgt",
        "adm",
        "rep",
        "sen",
        "gov",
        "st",
        "jr",
        "sr",
        "rev",
        "hon",
        "amb",
        "pres",
        "fr",
        "mt",
        "ft",
        "messrs",
        "mssrs",
        "brig",
        "cpl",
        "pvt",
        "gov't",
        "supt",
        "insp",
        "det",
    ]
)
# Abbreviations that hold on to a following number ("No. 2", "Sept. 13", "Art. 5").
_BEFORE_NUMBER = frozenset(
    [
        "no",
        "nos",
        "vol",
        "art",
        "fig",
        "pp",
        "p",
        "para",
        "sec",
        "ch",
        *(abbr for abbr, _ in MONTH_ABBREVIATIONS),
    ]
)
# Month abbreviations also hold on to a following capitalised word only rarely, so they
# split unless a number follows.
_LOWER_CONTINUES = re.compile(r"\s*[a-z0-9(,;:%]")
# Words that, after an ambiguous abbreviation such as "U.S.", almost always open a sentence.
_STARTERS = frozenset(
    [
        "the",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "this",
        "that",
        "these",
        "those",
        "but",
        "and",
        "however",
        "in",
        "on",
        "at",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "there",
        "when",
        "while",
        "after",
        "before",
        "meanwhile",
        "according",
        "officials",
    ]
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}$")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z'’]*)$")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([A-Za-z]+)")
_LINE = re.compile(r"\n")
# A line ending like this is a complete unit (a heading, a dateline, a list item).
_LINE_END = re.compile(r"[.!?:;\"'”’)\]…]\s*$")
_SHORT_LINE = 70


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``."""
    spans: list[tuple[int, int]] = []
    for b_start, b_end in split_blocks(text):
        spans.extend(_split_block(text, b_start, b_end))
    return spans


def split_blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs and stand-alone lines (headings, datelines): no sentence crosses them."""
    return [span for p_start, p_end in _paragraphs(text) for span in _lines(text, p_start, p_end)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph at single newlines that end a unit, and join hard-wrapped lines."""
    if "\n" not in text[start:end]:
        return [(start, end)]
    out = []
    seg_start = line_start = start
    for m in _LINE.finditer(text, start, end):
        line = text[line_start : m.start()]
        following = text[m.end() : end].lstrip()
        starts_lower = bool(following) and following[0].islower()
        if not starts_lower and (_LINE_END.search(line) or len(line.strip()) < _SHORT_LINE):
            out.append((seg_start, m.start()))
            seg_start = m.end()
        line_start = m.end()
    out.append((seg_start, end))
    return out


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    sent_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        if _is_boundary(text, m, end):
            out.append((sent_start, m.end(2)))
            sent_start = m.end()
    out.append((sent_start, end))
    return [span for span in (_trim(text, s, e) for s, e in out) if span[1] > span[0]]


def _is_boundary(text: str, m: re.Match[str], end: int) -> bool:
    after = text[m.end() : min(end, m.end() + 40)]
    if not after or _LOWER_CONTINUES.match(after):
        return False
    if m.group(1) != ".":
        # "?" / "!" / "..." inside a quote followed by a capital still ends the sentence.
        return True
    before = text[max(0, m.start() - 40) : m.start()]
    word_m = _WORD_BEFORE.search(before)
    word = word_m.group(1) if word_m else ""
    low = word.lower()
    next_m = _NEXT_WORD.match(after)
    next_word = next_m.group(1).lower() if next_m else ""
    next_is_number = bool(after[:1].isdigit())
    if m.group(2):
        # a closing quote after the period: the quote ended, and so did the sentence.
        return True
    if low in _TITLES and len(word) <= 5:
        return False
    if low in _BEFORE_NUMBER and next_is_number:
        return False
    if len(word) == 1 and word.isupper():
        # an initial ("S. Jaishankar", "A. Q. Khan") or the last letter of "U.S."
        dotted = _DOTTED.search(before + ".")
        if dotted is None:
            return False
        return next_word in _STARTERS
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
