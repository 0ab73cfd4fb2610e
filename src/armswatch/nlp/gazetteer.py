"""Find knowledge-base surface forms in text: one Aho-Corasick automaton over all of them.

Input: the KB's entries (aliases, people, titles, weapon terms, places) turned into
:class:`Entry` records; output: :class:`Hit` spans into the original text. pyahocorasick
only reports end offsets of lower-cased keys, so this module adds what it lacks: text
normalisation that keeps offsets (typographic apostrophes, runs of whitespace), word
boundaries, case rules and longest-non-overlapping selection. It resolves nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

# Length-preserving replacements, so that offsets survive: apostrophes, spaces, hyphens.
_TRANSLATE = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "‛": "'",
        "′": "'",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\n": " ",
        "\t": " ",
        "\r": " ",
        "\f": " ",
        "\v": " ",
        "\u2010": "-",
        "\u2011": "-",
    }
)
_SPACES = re.compile(r" {2,}")
_LEADING_THE = re.compile(r"the ", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Entry:
    """One surface form and what it stands for.

    ``kind`` is ``alias``, ``person``, ``surname``, ``title``, ``honorific``, ``weapon``
    or ``place``; ``target`` is the KB record's key: an index into ``KB.aliases``,
    ``KB.weapons`` or ``KB.places``, a person id, or a title's role.
    ``exact`` forms match case-sensitively; ``proper`` forms need a capital letter
    where the form has one at its first significant word ("the North" needs "North").
    """

    kind: str
    form: str
    target: Any
    exact: bool = False
    proper: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A span of the original text and the entries whose case and boundary rules it meets."""

    start: int
    end: int
    entries: tuple[Entry, ...]

    def of_kind(self, kind: str) -> list[Entry]:
        """The hit's entries of one kind."""
        return [e for e in self.entries if e.kind == kind]

    def has(self, kind: str) -> bool:
        """Whether any entry is of ``kind``."""
        return any(e.kind == kind for e in self.entries)


class Normalised:
    """Text prepared for matching, with a map back to the original offsets."""

    __slots__ = ("_norm_starts", "_shifts", "cased", "lower")

    def __init__(self, text: str) -> None:
        cased = text.translate(_TRANSLATE)
        self._norm_starts: list[int] = []
        self._shifts: list[int] = []
        if "  " in cased:
            # Collapse runs of spaces; remember, per collapsed run, how far the
            # original text runs ahead of the normalised text from there on.
            pieces: list[str] = []
            pos = 0
            removed = 0
            for m in _SPACES.finditer(cased):
                pieces.append(cased[pos : m.start() + 1])
                removed += m.end() - m.start() - 1
                self._norm_starts.append(m.start() + 1 - (removed - (m.end() - m.start() - 1)))
                self._shifts.append(removed)
                pos = m.end()
            pieces.append(cased[pos:])
            cased = "".join(pieces)
        self.cased = cased
        lower = cased.lower()
        if len(lower) != len(cased):
            # A few characters ("İ") lower-case to two; keep those as they are.
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in cased)
        self.lower = lower

    def orig(self, index: int) -> int:
        """Map an offset of the normalised text back to the original text."""
        if not self._shifts:
            return index
        k = bisect_right(self._norm_starts, index) - 1
        return index if k < 0 else index + self._shifts[k]


def normalise_form(form: str) -> str:
    """Normalise a KB surface form the way text is normalised for matching."""
    return _SPACES.sub(" ", form.translate(_TRANSLATE).strip())


def _first_significant(form: str) -> int:
    """Offset of the letter that carries a proper noun's capital (after a leading "the ")."""
    m = _LEADING_THE.match(form)
    return m.end() if m and len(form) > 4 else 0


class Gazetteer:
    """An automaton over many surface forms; build once, then call :meth:`find` per text."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        by_key: dict[str, list[tuple[Entry, str, int]]] = {}
        for entry in entries:
            form = normalise_form(entry.form)
            key = form.lower()
            if not key:
                continue
            bucket = by_key.setdefault(key, [])
            if all(entry != e for e, _, _ in bucket):
                bucket.append((entry, form, _first_significant(form)))
        self._automaton: Any = ahocorasick.Automaton()
        for key, bucket in by_key.items():
            self._automaton.add_word(key, (len(key), tuple(bucket)))
        self.size = len(by_key)
        if by_key:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        """All hits in ``text``, longest first among overlaps, returned in text order."""
        if not self.size:
            return []
        norm = Normalised(text)
        low = norm.lower
        cased = norm.cased
        n = len(low)
        candidates: list[tuple[int, int, tuple[Entry, ...]]] = []
        for end_index, (length, bucket) in self._automaton.iter(low):
            start = end_index - length + 1
            end = end_index + 1
            if start > 0 and low[start - 1].isalnum():
                continue
            if end < n and low[end].isalnum():
                continue
            kept = tuple(e for e, form, skip in bucket if _case_ok(e, form, skip, cased, start, end))
            if kept:
                candidates.append((start, end, kept))
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(n + 1)
        chosen: list[Hit] = []
        for start, end, kept in candidates:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(Hit(start=norm.orig(start), end=norm.orig(end - 1) + 1, entries=kept))
        chosen.sort(key=lambda h: h.start)
        return chosen


def _case_ok(entry: Entry, form: str, skip: int, cased: str, start: int, end: int) -> bool:
    if entry.exact:
        return cased[start + skip : end] == form[skip:] and (
            cased[start : start + skip].lower() == form[:skip].lower()
        )
    if entry.proper:
        return start + skip < end and cased[start + skip].isupper()
    return True
