"""Outlet names: read them from page cues and tidy them into the name readers know.

"© 2024 Meridian Dispatch Media Ltd." and a masthead "MERIDIAN DISPATCH" both name the
outlet "Meridian Dispatch": company suffixes go, all-caps is recased, and where the page
spells the name in mixed case somewhere, that spelling wins.
"""

from __future__ import annotations

import re

from armswatch.clean.patterns import load_boilerplate

# Longer strings are sentences or slogans, not names.
_MAX_WORDS = 7
_MAX_CHARS = 60
_YEARS = re.compile(r"\b(?:19|20)\d{2}\b(?:\s*[-–]\s*(?:19|20)?\d{2,4})?")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_SENTENCE_END = re.compile(r"(?<=\w)\.\s+(?=[A-Z])")
_TAGLINE = re.compile(r"\s+[—–|]\s+(?=\w+\s+\w+)")


def _titlecase_word(word: str, first: bool) -> str:
    small = load_boilerplate().small_words
    lower = word.lower()
    if not first and lower in small:
        return lower
    # Keep inner capitals of words like "McClatchy" out of it: only all-caps words arrive.
    return "-".join(part[:1].upper() + part[1:].lower() for part in lower.split("-"))


def recase(name: str) -> str:
    """Turn an all-caps name into title case; leave mixed case alone."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return name
    words = name.split()
    return " ".join(_titlecase_word(w, i == 0) for i, w in enumerate(words))


def tidy_outlet(raw: str | None) -> str | None:
    """Strip years, company suffixes and punctuation from a candidate name; None if not a name."""
    if not raw:
        return None
    # "Example Media Ltd. All rights reserved." names the outlet in its first sentence only.
    name = _SENTENCE_END.split(raw, maxsplit=1)[0]
    # "ArmsWire — Defence and arms trade news": a feed's title carries a tagline.
    name = _TAGLINE.split(name, maxsplit=1)[0]
    # "Discover more from the Tidewater Courier": the article belongs to the name.
    if name.startswith("the "):
        name = "The " + name[4:]
    name = _YEARS.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip()
    name = _EDGE.sub("", name)
    bp = load_boilerplate()
    for _ in range(3):
        stripped = _EDGE.sub("", bp.corporate_suffix.sub("", name)).strip()
        if not stripped or stripped == name:
            break
        name = stripped
    if not name or len(name) > _MAX_CHARS or len(name.split()) > _MAX_WORDS:
        return None
    if not any(c.isalpha() for c in name):
        return None
    return name


def match_case(name: str, text: str) -> str:
    """Prefer a mixed-case spelling of ``name`` that occurs in ``text`` over an all-caps one."""
    letters = [c for c in name if c.isalpha()]
    if letters and not all(c.isupper() for c in letters):
        return name
    for m in re.finditer(re.escape(name), text, re.IGNORECASE):
        found = m.group(0)
        if any(c.islower() for c in found):
            return "The " + found[4:] if found.startswith("the ") else found
    return recase(name)


def outlet_from_cue(line: str) -> str | None:
    """The outlet a line names ("Discover more from X", "© 2024 X Ltd."), or None."""
    line = line.strip()
    for rx in load_boilerplate().outlet_cues:
        m = rx.search(line)
        if m:
            name = tidy_outlet(m.group("name"))
            if name:
                return name
    return None


def split_title_suffix(title: str, separators: tuple[str, ...]) -> tuple[str, str | None]:
    """Split "Headline | Site" into ("Headline", "Site"); the suffix is None when there is none."""
    best: tuple[str, str | None] = (title.strip(), None)
    for sep in separators:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            tail = tail.strip()
            # The site is the short side and looks like a name; else the tail is part of the headline.
            if (
                head.strip()
                and tail
                and (tail[0].isupper() or tail[0].isdigit())
                and len(tail.split()) <= _MAX_WORDS
                and len(tail) < len(head)
                and (best[1] is None or len(head) > len(best[0]))
            ):
                best = (head.strip(), tail)
    return best
