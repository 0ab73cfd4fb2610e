"""The record the events stage passes between reading a cue and merging a document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """An event read from one cue, before the per-document merge."""

    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    weapons: tuple[str, ...]
    factuality: str
    attributed_to: str | None
    date: str | None
    location: str | None
    sentence_start: int
    sentence_end: int
    trigger: str
    rule: str
    confidence: float
    partial: bool = False
    # A target still to be found: the doer of the last deed of these types the article told.
    refers: frozenset[str] = frozenset()
    # A denial of someone's word whose owner the sentence does not name.
    answers: bool = False
    # A transfer a ban forbids ("prohibit the transfer of"): it says whom the ban binds only.
    forbidden: bool = False
    # Told as done again and again ("has long accused"): not the news of any one day.
    habitual: bool = False
    # The governing time when the text gives one that cannot be dated for want of an anchor
    # ("on Tuesday" in an undated page): no date, but it keeps two occasions apart.
    occasion: str | None = None
