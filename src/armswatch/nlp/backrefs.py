"""Document-level passes: joining adjacent mentions of one actor, and back-references
("the two leaders", "both countries", "his country")."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from armswatch.models import Mention
from armswatch.nlp.context import Indexes

_SAME_ACTOR_GAP = re.compile(r"[ \t]{1,2}$")
_BACKREF = re.compile(
    r"\b(?:[Tt]he\s+(?P<n>two|three|four)|(?P<both>[Bb]oth)|[Aa]ll\s+(?P<all>two|three|four))\s+"
    r"(?P<noun>sides|countries|nations|states|governments|neighbou?rs|allies|leaders|presidents|"
    r"ministers|capitals|partners|militaries|armies)\b"
)
_HIS_COUNTRY = re.compile(r"\b(?:[Hh]is|[Hh]er)\s+(?:country|government|nation)\b")
_COUNTS = {"two": 2, "three": 3, "four": 4}
_PEOPLE_NOUNS = frozenset({"leaders", "presidents", "ministers"})


def backref(
    match: re.Match[str],
    *,
    value: str | None = None,
    members: tuple[str, ...] = (),
    entity: str | None = None,
) -> Mention:
    """An actor mention for a phrase that points back to parties named elsewhere."""
    return Mention(
        kind="actor",
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        value=value,
        sentence=-1,
        ref="backref",
        members=members,
        entity=entity,
    )


def merge_same_actor(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join "U.S. State Department": adjacent alias mentions of one actor become one."""
    mentions.sort(key=lambda m: (m.start, m.end, m.kind))
    out: list[Mention] = []
    for m in mentions:
        prev = next((p for p in reversed(out) if p.kind == "actor"), None)
        if (
            m.kind == "actor"
            and prev is not None
            and prev.value == m.value
            and prev.value is not None
            and prev.ref not in ("person", "title", "backref")
            and prev.end <= m.start
            and _SAME_ACTOR_GAP.fullmatch(text[prev.end : m.start] or " ")
            and not any(o.kind != "actor" and o.start >= prev.end and o.end <= m.start for o in out)
        ):
            merged = replace(m, start=prev.start, text=text[prev.start : m.end])
            out.remove(prev)
            out.append(merged)
            continue
        out.append(m)
    return out


def backrefs(
    text: str, mentions: Sequence[Mention], ix: Indexes, sentences: Sequence[tuple[int, int]]
) -> list[Mention]:
    """Back-reference mentions: "the two leaders" (members = the states), "his country"."""
    actors = [m for m in mentions if m.kind == "actor" and m.value is not None]
    found: list[Mention] = []
    for match in _BACKREF.finditer(text):
        word = match["n"] or match["all"]
        n = _COUNTS[word.lower()] if word else 2
        people_only = match["noun"] in _PEOPLE_NOUNS
        members = None if people_only or n < 3 else _listed_states(text, actors, match.start(), n, ix)
        parties = [m for m in actors if _is_party(text, m)]
        members = members or _last_states(parties, match.start(), n, ix, people_only=people_only)
        if members is None and people_only:
            members = _last_states(parties, match.start(), n, ix, people_only=False)
        if members is None:
            continue
        found.append(backref(match, members=members))
    starts = [s for s, _ in sentences]
    for match in _HIS_COUNTRY.finditer(text):
        # "his" is most often the subject of its own sentence: the sentence's first named
        # person before the phrase, else the last person named before it.
        k = bisect_right(starts, match.start()) - 1
        sent_start = sentences[k][0] if k >= 0 else 0
        people = [m for m in actors if m.end <= match.start() and m.ref in ("person", "title")]
        in_sentence = [m for m in people if m.start >= sent_start]
        person = in_sentence[0] if in_sentence else (people[-1] if people else None)
        if person is not None and match.start() - person.end > 400:
            person = None
        if person is None:
            continue
        found.append(backref(match, value=person.value, entity=person.entity))
    found.extend(_the_ministry(text, actors, ix))
    return found


# "The ministry said ...": an office named without its state is the last one the text named.
_OFFICES = r"(?:(?:foreign|defen[cs]e|interior|trade|commerce|finance|treasury|state)\s+)?"
_THE_OFFICE = re.compile(r"\b[Tt]he\s+" + _OFFICES + r"(?:ministry|department)\b")
_OFFICE_AFTER = re.compile(r"(?:['’]s)?\s+" + _OFFICES + r"(?:ministry|department)\b", re.IGNORECASE)
# How far back the office may have been named.
_OFFICE_REACH = 3000


def _the_ministry(text: str, actors: Sequence[Mention], ix: Indexes) -> list[Mention]:
    """ "China's defence ministry ... The ministry said": the state whose office was named last."""
    found: list[Mention] = []
    for match in _THE_OFFICE.finditer(text):
        if any(m.start < match.end() and match.start() < m.end for m in actors):
            continue  # "the Chinese foreign ministry" names its state itself
        owner = None
        for m in reversed(actors):
            if m.end > match.start():
                continue
            actor = ix.kb.actors.get(m.value or "")
            if actor is None or actor.kind != "state":
                continue
            if m.ref == "ministry" or _OFFICE_AFTER.match(text, m.end, m.end + 40):
                owner = m
                break
        if owner is None or match.start() - owner.end > _OFFICE_REACH:
            continue
        found.append(backref(match, value=owner.value))
    return found


# States named together: "South Korea, the United States and Japan".
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|&)\s+(?:the\s+)?$")
# How far back a list may stand and still be what "the three governments" points to.
_LIST_REACH = 800


def _listed_states(
    text: str, actors: Sequence[Mention], before: int, n: int, ix: Indexes
) -> tuple[str, ...] | None:
    """The states of the last list of exactly ``n`` states named together shortly before ``before``."""
    runs: list[list[Mention]] = []
    for m in actors:
        if m.end > before or m.value is None:
            break
        actor = ix.kb.actors.get(m.value)
        if actor is None or actor.kind != "state":
            runs.append([])
            continue
        if runs and runs[-1] and _LIST_GAP.fullmatch(text[runs[-1][-1].end : m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in reversed(runs):
        if not run or before - run[-1].end > _LIST_REACH:
            continue
        states = tuple(dict.fromkeys(str(m.value) for m in run))
        if len(states) == n:
            return states
    return None


# "Russian-made jets", "the war in Ukraine": a state named as a product's origin or as the
# place where something happens is not one of the parties "the two countries" points back to.
_ORIGIN_AFTER = re.compile(
    r"[-‑]\s*(?:made|built|designed|developed|produced|manufactured|supplied|origin)\b"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|inside|across|into)\s+(?:the\s+)?$")


def _is_party(text: str, m: Mention) -> bool:
    if _ORIGIN_AFTER.match(text, m.end, m.end + 20):
        return False
    return m.ref in ("person", "title") or not _PLACE_BEFORE.search(text, max(0, m.start - 12), m.start)


def _last_states(
    actors: Sequence[Mention], before: int, n: int, ix: Indexes, *, people_only: bool
) -> tuple[str, ...] | None:
    """The last ``n`` distinct states named before ``before``, in the order first named."""
    seen: list[str] = []
    first: dict[str, int] = {}
    for m in reversed(actors):
        if m.end > before or m.value is None:
            continue
        if people_only and m.ref not in ("person", "title"):
            continue
        state = ix.kb.state_of(m.value)
        actor = ix.kb.actors.get(m.value)
        if state is None or actor is None or actor.kind != "state":
            continue
        if state not in seen:
            if len(seen) == n:
                break
            seen.append(state)
        first[state] = m.start
    if len(seen) < n:
        return None
    return tuple(sorted(seen, key=lambda st: first[st]))
