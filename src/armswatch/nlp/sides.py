"""War sides: "either side", "both sides", "the warring parties" as the parties of a war.

Input: one document's text, its resolved actor and place mentions, its sentences, base date
and time spans; the wars of ``kb/conflicts.csv``. Output: back-reference actor mentions
(``ref`` ``backref``, ``value`` None, ``members`` the war's parties) and the spans this pass
has read, so that the generic "both sides" reading of :mod:`armswatch.nlp.backrefs` leaves
them alone.

Which war: the one the phrase's own words name ("either side in the war in Ukraine", "in
Sudan's war", "Sudan's warring parties", "the warring factions in Yemen"), else the war whose
parties and places the document names most (then last). Only wars running in the year the
sentence names, else at the base date, count. A war named but not known, or no war at all,
gives no mention. A bare "both sides" or "neither side" is read as a war's sides only in a
sentence about arms or fighting; elsewhere ("both sides said they would take the deal home")
it is left to the generic reading of the two states named last.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from armswatch.models import Mention
from armswatch.nlp.backrefs import backref
from armswatch.nlp.context import Indexes

if TYPE_CHECKING:
    from armswatch.kb import Conflict

_SIDES = re.compile(
    r"\b(?:"
    r"(?P<plain>(?:either|both|neither)\s+(?:of\s+the\s+)?(?:two\s+)?sides?)"
    r"|(?P<warring>(?:(?:either|both|neither|all)\s+of\s+)?(?:the\s+)?(?:two\s+)?warring\s+"
    r"(?:parties|sides|factions|armies|forces))"
    r")\b",
    re.IGNORECASE,
)
_WAR_WORD = re.compile(r"\b(?:war|wars|conflict|fighting|hostilities|invasion)\b", re.IGNORECASE)
# What ties the phrase to the war that follows: "either side in the war", "both sides of the conflict".
_LEAD = re.compile(
    r"\s*,?\s*(?:in|of|to|from|during|involved\s+in|fighting\s+in)\s+(?:the\s+|this\s+|that\s+)?",
    re.IGNORECASE,
)
# How far the war word may stand after the lead: "in Sudan's nearly two-year-old war".
_WAR_REACH = 45
# What ties a war word to the names after it: "the war in Ukraine", "the conflict between X and Y".
_TAIL = re.compile(r"\s+(?:in|over|between|with|against|on|of)\s+(?:the\s+)?", re.IGNORECASE)
_NAME_GAP = re.compile(r"\s*(?:,|and|-|–|/)?\s*(?:the\s+)?", re.IGNORECASE)
# A name owning the phrase: "Sudan's warring parties", "the Sudanese warring factions".
_OWNER_GAP = re.compile(r"(['’]s)?\s{1,2}(?:the\s+)?")
# A sentence in which a bare "both sides" can be a war's: it speaks of arms or fighting.
_WAR_TALK = re.compile(
    r"\b(?:war|wars|conflict|fighting|fight|hostilities|ceasefire|truce|front\s?lines?|battle\w*|"
    r"offensive|invasion|arm(?:s|ed|ing)|weapons?|munitions|ammunition|military\s+aid)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def war_sides(
    text: str,
    mentions: Sequence[Mention],
    ix: Indexes,
    sentences: Sequence[tuple[int, int]],
    *,
    date: str,
    times: Sequence[tuple[int, int]] = (),
) -> tuple[list[Mention], list[tuple[int, int]]]:
    """Mentions of a war's sides, and the spans read as a war's (with or without a known war)."""
    names = [m for m in mentions if (m.kind == "actor" and m.value is not None) or m.kind == "place"]
    starts = [s for s, _ in sentences]
    found: list[Mention] = []
    claimed: list[tuple[int, int]] = []
    for match in _SIDES.finditer(text):
        k = bisect_right(starts, match.start()) - 1
        sent = sentences[k] if k >= 0 else (0, len(text))
        wars = ix.kb.conflicts_at(_sentence_year(text, sent, times) or date)
        named, cued = _named_war(text, match, names, sent)
        if named:
            war = _best(wars, named, names, match.start(), ix)
        elif match["plain"] and not cued and not _WAR_TALK.search(text, sent[0], sent[1]):
            continue
        else:
            war = _best(wars, names, names, match.start(), ix, least=2)
        claimed.append(match.span())
        if war is None:
            continue
        found.append(backref(match, members=_ordered(war, ix)))
    return found, claimed


def _sentence_year(text: str, sent: tuple[int, int], times: Sequence[tuple[int, int]]) -> str | None:
    """The first year a time expression of the sentence names ("in 2023"), if any."""
    for start, end in times:
        if sent[0] <= start and end <= sent[1]:
            year = _YEAR.search(text, start, end)
            if year:
                return year.group(0)
    return None


def _named_war(
    text: str, match: re.Match[str], names: Sequence[Mention], sent: tuple[int, int]
) -> tuple[list[Mention], bool]:
    """The names the phrase's own words give its war, and whether they speak of a war at all."""
    named = _owner(text, match.start(), names, possessive=match["warring"] is None)
    lead = _LEAD.match(text, match.end(), sent[1])
    if lead is None:
        return named, bool(named) or match["warring"] is not None
    war = _WAR_WORD.search(text, lead.end(), min(sent[1], lead.end() + _WAR_REACH))
    if war is not None and not re.search(r"[,;:()]", text[lead.end() : war.start()]):
        # "in Sudan's war", "the Russia-Ukraine war": names between the lead and the war word.
        named += [m for m in names if lead.end() <= m.start and m.end <= war.start()]
        tail = _TAIL.match(text, war.end(), sent[1])
        if tail is not None:
            named += _run_of_names(text, tail.end(), names, sent[1])
        return named, True
    if match["warring"]:
        # "the warring parties in Sudan"
        named += _run_of_names(text, lead.end(), names, sent[1])
    return named, bool(named) or match["warring"] is not None


def _owner(text: str, before: int, names: Sequence[Mention], *, possessive: bool) -> list[Mention]:
    """The name right before the phrase, if it owns it ("Sudan's warring parties", "Sudan's
    both sides"); only "warring" lets a bare name own it ("the Sudanese warring factions")."""
    for m in reversed(names):
        if m.end <= before:
            gap = _OWNER_GAP.fullmatch(text, m.end, before)
            if gap is None or m.end == before or (possessive and not gap.group(1)):
                return []
            return [m]
    return []


def _run_of_names(text: str, at: int, names: Sequence[Mention], limit: int) -> list[Mention]:
    """Names that follow one another from ``at``: "Israel and Hamas", "Gaza"."""
    run: list[Mention] = []
    pos = at
    for m in names:
        if m.start < pos or m.end > limit:
            continue
        gap = _NAME_GAP.fullmatch(text, pos, m.start)
        if gap is None:
            break
        run.append(m)
        pos = m.end
    return run


def _keys(m: Mention, ix: Indexes) -> set[str]:
    """What a name can point to a war by: the actor and its state, or the place and its state."""
    if m.kind == "place":
        keys = {m.value or ""}
        keys.update(p.state or "" for p in ix.kb.places if p.name == m.value)
    else:
        keys = {m.value or "", ix.kb.state_of(m.value or "") or ""}
    keys.discard("")
    return keys


def _best(
    wars: Sequence[Conflict],
    named: Sequence[Mention],
    document: Sequence[Mention],
    before: int,
    ix: Indexes,
    *,
    least: int = 1,
) -> Conflict | None:
    """The war ``named`` points to most; ties go to the one the document names most, then last."""
    best: tuple[int, int, int] | None = None
    chosen = None
    for war in wars:
        own = {*war.parties, *war.places}
        hits = sum(1 for m in named if _keys(m, ix) & own)
        if hits < least:
            continue
        in_document = sum(1 for m in document if _keys(m, ix) & own)
        last = max((m.start for m in document if m.start < before and _keys(m, ix) & own), default=-1)
        score = (hits, in_document, last)
        if best is None or score > best:
            best, chosen = score, war
    return chosen


def _ordered(war: Conflict, ix: Indexes) -> tuple[str, ...]:
    """The war's parties, groups before states: records split by party read a group named after a
    state as that state's own (a company, a unit), and a war's group fights the state instead."""
    groups = [p for p in war.parties if ix.kb.actors[p].kind != "state"]
    return (*groups, *(p for p in war.parties if p not in groups))
