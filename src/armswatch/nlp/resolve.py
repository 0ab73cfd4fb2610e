"""Resolve gazetteer hits of one document to actor, weapon and place mentions.

Input: the hits of :mod:`armswatch.nlp.gazetteer` in text order, the KB indexes of
:class:`~armswatch.nlp.finder.MentionFinder` and the article's base date. Output:
:class:`~armswatch.models.Mention` records (``sentence`` still unset: -1). Resolution
reads the whole document, because some rules need it: an ambiguous alias ("Georgia",
"the North") counts only when the document names the same actor unambiguously, a bare
surname ("Kim", "Mr Kim") is the last person of that name the document named, and
"the two leaders" are the last two states named.

``ref`` of an actor mention says how it was resolved:

- the alias kind for aliases, with ``name``/``short``/``abbrev`` reported as ``alias``
  (so ``alias``, ``demonym``, ``capital``, ``metonym``, ``ministry``, ``agency``,
  ``military``, ``media``, ``body``);
- ``person``: a named person ("President Vladimir Putin", "Mr Kim", "Kremlin spokesman
  Dmitry Peskov"); ``entity`` is the KB person id, or None for a titled person the KB
  does not know ("Pentagon spokesman Patrick Ryder" -> USA);
- ``title``: an office of a state ("the North Korean leader", "Russia's foreign minister",
  "the President of Russia"); ``entity`` is the office holder at the date when the KB
  knows exactly one;
- ``backref``: "the two leaders", "both countries" (``members`` = the states, ``value``
  None), "his country" (``value`` = the state of the last person named), and "either side",
  "the warring parties" (``members`` = the parties of a war of ``kb/conflicts.csv``, see
  :mod:`armswatch.nlp.sides`).

"His country" is the state of the first person named in its sentence (the subject, most
often), else of the last person named before it; "the country" is left alone.

A one-word name inside a longer name the KB does not know ("Abdul Qadeer Khan", "Lee
Yong-bae") is nobody the KB knows, and later bare uses of it stay unresolved.

Weapon mentions carry the category as ``value``, the KB term as ``entity`` and, in
``ref``, ``maker:ISO3`` for a designation with a known maker, else the term's kind
(``generic`` or ``designation``). Place mentions carry the KB place name as ``value``
(``ref`` ``place``). A place that is also an actor ("Pyongyang") and a capital or metonym
alias ("the Kremlin") give a place mention, next to the actor mention, only after "in",
"at", "near", "outside", "inside", "around", or "to"/"from" after a word of going ("a visit
to New Delhi", "flew from Hanoi") (``ref`` ``place``, or
the alias kind with the alias's text, without "the", as ``value``).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from armswatch.models import Mention
from armswatch.nlp.backrefs import backrefs, merge_same_actor
from armswatch.nlp.context import NOT_NAMES, DocState, Indexes, make_mention
from armswatch.nlp.gazetteer import Entry, Hit
from armswatch.nlp.people import (
    emit_surname,
    local_people_again,
    names_a_place,
    office_holder,
    part_of_longer_name,
    person_mention,
    person_row,
    pick_person,
    state_of_person,
)
from armswatch.nlp.sides import war_sides

if TYPE_CHECKING:
    from armswatch.kb import KB, Alias

_ALIAS_REF = {"name": "alias", "short": "alias", "abbrev": "alias"}
# "Russia's deputy ambassador": a rank word may stand between the state and its office.
_RANK = r"(?:(?:deputy|acting|vice|senior|top|chief|first)\s+)?"
_ADJACENT = re.compile(r"\s{1,3}" + _RANK + "$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?\s{1,3}" + _RANK + "$", re.IGNORECASE)
_RANKED = re.compile(r"\b(?:deputy|acting|vice|senior|top|chief|first)\s+$", re.IGNORECASE)
_CAPITALISED = r"[A-Z][\w'’.-]*[a-z][\w'’.-]*"
# A name the KB does not know, before its office: "Dmitry Polyanskiy, Russia's deputy ambassador".
_NAME_BEFORE = re.compile(r"\b(" + _CAPITALISED + r"(?:\s+" + _CAPITALISED + r"){1,2}),\s{1,3}$")
_NAME_GAP = re.compile(r"\s*,?\s{1,3}$")
_OF = re.compile(r"\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_PLACE_CUE = re.compile(
    r"\b(?:in|at|near|outside|inside|around"
    # "to"/"from" only after going somewhere: "a visit to New Delhi", not "said to Moscow"
    r"|(?:visit(?:s|ed|ing)?|trip|tour|travel\w*|fl(?:ew|y|ies|ying|ight)|arriv\w*|went|go(?:es|ing)?|"
    r"came|com(?:es|ing)|journey\w*|return\w*|head(?:s|ed|ing)?|deploy\w*|moved?|sent)"
    r"\s+(?:[\w'’]+\s+){0,3}(?:to|from))\s+$",
    re.IGNORECASE,
)
_PLACE_ALIAS_KINDS = frozenset({"capital", "metonym"})
# A name the KB does not know, after a title: one to three capitalised words.
_UNKNOWN_NAME = re.compile(
    r"\s*,?\s{1,3}((?:[A-Z][\w'’.-]*[a-z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*[a-z][\w'’.-]*){0,2})"
)
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def resolve_hits(
    text: str,
    hits: Sequence[Hit],
    ix: Indexes,
    date: str,
    *,
    sentences: Sequence[tuple[int, int]] = (),
    times: Sequence[tuple[int, int]] = (),
) -> list[Mention]:
    """Turn one document's hits into mentions (``sentence`` left at -1)."""
    doc = DocState(text=text, date=date, ix=ix, times=times)
    doc.support = _support(hits, ix, date)
    consumed: set[int] = set()
    hit_out: dict[int, int] = {}
    for i, hit in enumerate(hits):
        if i in consumed:
            continue
        titles = hit.of_kind("title")
        titled = _resolve_title(doc, hits, i, titles[0], hit_out) if titles else None
        if titled is not None:
            _take_title(doc, i, titled, consumed)
            continue
        honorific = hit.has("honorific")
        if honorific and i + 1 < len(hits) and _ADJACENT.search(text[hit.end : hits[i + 1].start] or " "):
            nxt = hits[i + 1]
            if (
                text[hit.end : nxt.start].strip() in ("", ".")
                and nxt.has("surname")
                and emit_surname(doc, nxt, start=hit.start)
            ):
                consumed.add(i + 1)
                continue
        prev_end = hits[i - 1].end if i > 0 else -1
        next_start = hits[i + 1].start if i + 1 < len(hits) else len(text) + 1
        actor_index = _emit_primary(doc, hit, prev_end, next_start)
        if actor_index is not None:
            hit_out[i] = actor_index
    local_people_again(doc)
    mentions = merge_same_actor(text, doc.out)
    sides, read = war_sides(text, mentions, ix, sentences, date=date, times=times)
    # A phrase read as a war's sides is not also "the two states named last".
    generic = backrefs(text, mentions, ix, sentences)
    mentions.extend(m for m in generic if not any(s < m.end and m.start < e for s, e in read))
    mentions.extend(sides)
    mentions = settle_weapon_phrases(text, mentions, sentences, _weapon_phrases(ix.kb))
    mentions.sort(key=lambda m: (m.start, m.end, m.kind))
    return mentions


# --- weapon phrases ------------------------------------------------------------------

# Between two weapon mentions of one noun phrase: blanks or a hyphen ("S-400 missiles").
_SAME_PHRASE = re.compile(r"[\s-]{1,3}")
_CALIBRE = re.compile(r"\d+(?:\.\d+)?\s?-?mm")


@dataclasses.dataclass(frozen=True, slots=True)
class WeaponPhrases:
    """The words ``[weapon_phrases]`` of ``kb/triggers.toml`` gives the phrase rule."""

    # A named system's parts or rounds are other things than the system ("F-16 engines").
    parts: frozenset[str]
    gun_terms: frozenset[str]
    gun_default: str
    gun_heavy: str


@functools.cache
def _weapon_phrases(kb: KB) -> WeaponPhrases:
    table = kb.toml("triggers.toml").get("weapon_phrases", {})
    assert isinstance(table, dict)
    return WeaponPhrases(
        parts=frozenset(table.get("parts", ())),
        gun_terms=frozenset(table.get("gun_terms", ())),
        gun_default=str(table.get("gun_default", "")),
        gun_heavy=str(table.get("gun_heavy", "")),
    )


def settle_weapon_phrases(
    text: str, mentions: Sequence[Mention], sentences: Sequence[tuple[int, int]], words: WeaponPhrases
) -> list[Mention]:
    """One noun phrase names one kind of weapon: give its word mentions that category.

    A designation's head noun names the designated system ("S-400 missiles", "Iron Dome
    interceptors" are air defence) unless it names its parts or rounds ("F-16 engines" are
    components); a calibre is a modifier of the weapon after it ("155mm
    howitzers" are artillery); and "guns" are artillery when a calibre or "artillery"
    modifies them or their sentence names artillery ("K9 howitzers ... 152 guns").
    """
    out = list(mentions)
    order = sorted((i for i, m in enumerate(out) if m.kind == "weapon"), key=lambda i: out[i].start)
    for a, b in itertools.pairwise(order):
        first, head = out[a], out[b]
        if not _SAME_PHRASE.fullmatch(text[first.end : head.start]):
            continue
        if first.ref != "generic" and head.ref == "generic":
            if head.value in words.parts:
                out[a] = dataclasses.replace(first, value=head.value)  # "Shahed engines" are parts
            else:
                out[b] = dataclasses.replace(head, value=first.value)
        elif first.ref == "generic" and _CALIBRE.fullmatch(first.entity or "") and head.value != first.value:
            if head.entity in words.gun_terms:
                out[b] = head = dataclasses.replace(head, value=words.gun_heavy)
            out[a] = dataclasses.replace(first, value=head.value)
        elif first.value == words.gun_heavy and head.entity in words.gun_terms:
            out[b] = dataclasses.replace(head, value=words.gun_heavy)
    for i in order:
        m = out[i]
        if m.entity not in words.gun_terms or m.value != words.gun_default:
            continue
        start, end = next(((s, e) for s, e in sentences if s <= m.start < e), (m.start, m.end))
        if any(o.kind == "weapon" and o.value == words.gun_heavy and start <= o.start < end for o in out):
            out[i] = dataclasses.replace(m, value=words.gun_heavy)
    return out


# --- people -------------------------------------------------------------------------


# --- titles -------------------------------------------------------------------------


class _Titled(NamedTuple):
    """What a title reads as: the mention to add, how many hits after the title it takes in,
    the actor mention before it that it absorbs (an index of ``doc.out``), and the family name
    and state of a person the KB does not know."""

    mention: Mention
    used: int = 0
    absorbs: int | None = None
    local: tuple[str, str] | None = None


def _actor_before(doc: DocState, hits: Sequence[Hit], i: int, hit_out: dict[int, int]) -> int | None:
    """The index in ``doc.out`` of the actor mention right before the title ("Russia's",
    "Russian"), if the title belongs to it."""
    if i == 0 or (i - 1) not in hit_out:
        return None
    index = hit_out[i - 1]
    candidate = doc.out[index]
    gap = doc.text[hits[i - 1].end : hits[i].start]
    if (
        candidate.kind == "actor"
        and candidate.end == hits[i - 1].end
        and candidate.ref not in ("person", "title", "backref")
        and (_ADJACENT.fullmatch(gap) or _POSSESSIVE.fullmatch(gap))
        and all(m.start >= candidate.start for m in doc.out[index:])
    ):
        return index
    return None


def _title_then_person(
    doc: DocState, hits: Sequence[Hit], i: int, role: str, before: int | None
) -> _Titled | None:
    """ "President Vladimir Putin", "Russia's foreign minister Lavrov": a person the KB knows."""
    hit = hits[i]
    nxt = hits[i + 1] if i + 1 < len(hits) else None
    if nxt is None or not _NAME_GAP.fullmatch(doc.text[hit.end : nxt.start] or " "):
        return None
    prev = doc.out[before] if before is not None else None
    country = prev.value if prev is not None else None
    person = nxt.of_kind("person")
    pid: str | None = None
    if person:
        pid = pick_person(doc, [e.target for e in person], role=role, state=country, surname=None)
        pid = pid or str(person[0].target)
    elif nxt.has("surname"):
        key = doc.text[nxt.start : nxt.end].lower()
        pid = pick_person(
            doc, [e.target for e in nxt.of_kind("surname")], role=role, state=country, surname=key
        )
    if pid is None:
        return None
    # The state before the title is the person's own: one mention from the state on.
    own = prev is not None and prev.value == state_of_person(doc, pid)
    m = person_mention(doc, prev.start if own and prev is not None else hit.start, nxt.end, pid)
    if m is None:
        return None
    return _Titled(m, used=1, absorbs=before if own else None)


def _title_of_actor(doc: DocState, hits: Sequence[Hit], i: int, title: Entry, role: str) -> _Titled | None:
    """ "the President of Russia", "the President of Russia, Vladimir Putin"."""
    text, hit = doc.text, hits[i]
    nxt = hits[i + 1] if i + 1 < len(hits) else None
    if nxt is None or not _OF.fullmatch(text[hit.end : nxt.start]):
        return None
    target = _alias_value(doc, nxt)
    plural = title.form.lower() not in doc.ix.kb.titles
    # "the foreign ministers of Australia, India ...": a list follows, not one office
    if target is None or (plural and not _members(doc, target)):
        return None
    after = hits[i + 2] if i + 2 < len(hits) else None
    if after is not None and after.has("person") and _NAME_GAP.fullmatch(text[nxt.end : after.start]):
        # "the President of Russia, Vladimir Putin": one person
        pid = pick_person(
            doc, [e.target for e in after.of_kind("person")], role=role, state=target, surname=None
        )
        m = person_mention(doc, hit.start, after.end, pid) if pid else None
        if m is not None and m.value == target:
            return _Titled(m, used=2)
    holder = office_holder(doc.ix, target, role, doc.date)
    members = _members(doc, target)
    return _Titled(
        make_mention(doc, "actor", hit.start, nxt.end, target, "title", entity=holder, members=members),
        used=1,
    )


def _title_then_unknown(doc: DocState, hits: Sequence[Hit], i: int, before: int) -> _Titled | None:
    """ "Russia's deputy ambassador Dmitry Polyanskiy": a name the KB does not know after the title."""
    prev, hit = doc.out[before], hits[i]
    name = _UNKNOWN_NAME.match(doc.text, hit.end)
    if not (name and prev.value is not None and _plausible_name(doc, hits, i, name.start(1), name.end(1))):
        return None
    m = make_mention(doc, "actor", prev.start, name.end(1), prev.value, "person")
    return _Titled(m, absorbs=before, local=(name.group(1).split()[-1].lower(), prev.value))


def _state_title(doc: DocState, hits: Sequence[Hit], i: int, role: str, before: int) -> _Titled:
    """ "Russia's foreign minister", or "Dmitry Polyanskiy, Russia's deputy ambassador"."""
    text, prev, hit = doc.text, doc.out[before], hits[i]
    country = str(prev.value)
    name = _NAME_BEFORE.search(text, max(0, prev.start - 80), prev.start)
    others = [m for n, m in enumerate(doc.out) if n != before]
    if (
        name
        and not any(m.end > name.start(1) for m in others)
        and _plausible_name(doc, hits, i, name.start(1), name.end(1))
    ):
        m = make_mention(doc, "actor", name.start(1), hit.end, country, "person")
        return _Titled(m, absorbs=before, local=(name.group(1).split()[-1].lower(), country))
    # A deputy is not the office holder the KB knows.
    ranked = bool(_RANKED.search(text[prev.end : hit.start]))
    holder = None if ranked else office_holder(doc.ix, country, role, doc.date)
    m = make_mention(doc, "actor", prev.start, hit.end, country, "title", entity=holder, members=prev.members)
    return _Titled(m, absorbs=before)


def _resolve_title(
    doc: DocState, hits: Sequence[Hit], i: int, title: Entry, hit_out: dict[int, int]
) -> _Titled | None:
    """Combine a title with the actor before it and the name or actor after it: the first
    reading that fits, of a KB person after it, "of" an actor, an unknown name after it, or
    the state before it."""
    role = str(title.target)
    before = _actor_before(doc, hits, i, hit_out)
    read = _title_then_person(doc, hits, i, role, before) or _title_of_actor(doc, hits, i, title, role)
    if read is None and before is not None and doc.out[before].value is not None:
        read = _title_then_unknown(doc, hits, i, before) or _state_title(doc, hits, i, role, before)
    return read


def _take_title(doc: DocState, i: int, titled: _Titled, consumed: set[int]) -> None:
    """Record what a title was read as in the document's state."""
    if titled.absorbs is not None:
        doc.out.pop(titled.absorbs)
    doc.out.append(titled.mention)
    consumed.update(range(i + 1, i + 1 + titled.used))
    if titled.local is not None:
        doc.local_people[titled.local[0]] = titled.local[1]


def _members(doc: DocState, actor_id: str) -> tuple[str, ...]:
    actor = doc.ix.kb.actors.get(actor_id)
    return tuple(actor.members) if actor is not None else ()


def _plausible_name(doc: DocState, hits: Sequence[Hit], i: int, start: int, end: int) -> bool:
    first = doc.text[start:end].split()[0]
    if first in NOT_NAMES:
        return False
    if any(s < end and start < e for s, e in doc.times):
        return False
    return not (i + 1 < len(hits) and hits[i + 1].start < end)


# --- aliases, weapons, places --------------------------------------------------------


def _alias_value(doc: DocState, hit: Hit) -> str | None:
    aliases = [doc.ix.kb.aliases[e.target] for e in hit.of_kind("alias")]
    chosen = _choose_alias(doc, aliases)
    return chosen.actor_id if chosen is not None else None


def _supported(doc: DocState, actor_id: str) -> bool:
    """Whether the document names the actor unambiguously, or, for a group or company
    of a state ("Wagner"), names that state."""
    if actor_id in doc.support:
        return True
    actor = doc.ix.kb.actors.get(actor_id)
    return (
        actor is not None and actor.kind != "state" and actor.state is not None and actor.state in doc.support
    )


def _choose_alias(doc: DocState, aliases: Sequence[Alias]) -> Alias | None:
    """The unambiguous alias, else the one ambiguous reading the document supports."""
    clear = [a for a in aliases if not a.ambiguous]
    if clear:
        return clear[0]
    supported = {a.actor_id: a for a in aliases if _supported(doc, a.actor_id)}
    # "Korean" when the text names both Koreas: no way to tell, so no mention.
    return next(iter(supported.values())) if len(supported) == 1 else None


def _emit_primary(doc: DocState, hit: Hit, prev_end: int, next_start: int) -> int | None:
    """Emit a hit's own mentions; return the index of its actor mention, if any."""
    kb = doc.ix.kb
    actor_index: int | None = None
    text = doc.text
    emitted_actor = False
    persons = hit.of_kind("person")
    if (persons or hit.has("surname")) and part_of_longer_name(doc, hit, prev_end, next_start):
        if not names_a_place(doc, hit):
            # the last person of this name is one the KB does not know: bare mentions stay open
            doc.last_by_surname[text[hit.start : hit.end].lower()] = ""
        persons = []
        hit = Hit(start=hit.start, end=hit.end, entries=tuple(e for e in hit.entries if e.kind != "surname"))
    if persons:
        pid = pick_person(doc, [e.target for e in persons], role=None, state=None, surname=None)
        m = person_mention(doc, hit.start, hit.end, pid or str(persons[0].target))
        if m is not None:
            doc.out.append(m)
            emitted_actor = True
            actor_index = len(doc.out) - 1
    if not emitted_actor and hit.has("surname"):
        key = text[hit.start : hit.end].lower()
        named_before = bool(doc.last_by_surname.get(key)) or key in doc.local_people
        # "the Moon", "the Lee family": after "the", a family name is a person only when the
        # document named that person before ("the Kim-Putin summit")
        after_the = bool(_THE_BEFORE.search(text, max(0, hit.start - 5), hit.start))
        if (named_before or not (after_the or hit.has("alias"))) and emit_surname(doc, hit, start=hit.start):
            emitted_actor = True
            actor_index = len(doc.out) - 1
    if not emitted_actor and hit.has("alias"):
        chosen = _choose_alias(doc, [kb.aliases[e.target] for e in hit.of_kind("alias")])
        if chosen is not None:
            members = _members(doc, chosen.actor_id)
            ref = _ALIAS_REF.get(chosen.kind, chosen.kind)
            doc.out.append(
                make_mention(doc, "actor", hit.start, hit.end, chosen.actor_id, ref, members=members)
            )
            actor_index = len(doc.out) - 1
    place_cue = bool(_PLACE_CUE.search(text, max(0, hit.start - 60), hit.start))
    places = hit.of_kind("place")
    if places and (actor_index is None or place_cue):
        # A place that also names an actor ("Pyongyang") is a location only after "in", "at", "near".
        place = kb.places[places[0].target]
        doc.out.append(make_mention(doc, "place", hit.start, hit.end, place.name, "place"))
    elif actor_index is not None and place_cue and hit.has("alias"):
        alias = _choose_alias(doc, [kb.aliases[e.target] for e in hit.of_kind("alias")])
        if alias is not None and alias.kind in _PLACE_ALIAS_KINDS and not alias.ambiguous:
            # "talks at the Kremlin": the building or city is where it happened
            name = alias.text[4:] if alias.text.lower().startswith("the ") else alias.text
            doc.out.append(make_mention(doc, "place", hit.start, hit.end, name, alias.kind))
    for e in hit.of_kind("weapon"):
        term = kb.weapons[e.target]
        ref = f"maker:{term.maker}" if term.maker else term.kind
        doc.out.append(make_mention(doc, "weapon", hit.start, hit.end, term.category, ref, entity=term.term))
        break
    return actor_index


def _support(hits: Sequence[Hit], ix: Indexes, date: str) -> set[str]:
    """Actors the document names unambiguously: they let ambiguous aliases count."""
    kb = ix.kb
    found: set[str] = set()
    for hit in hits:
        for e in hit.entries:
            if e.kind == "alias":
                alias = kb.aliases[e.target]
                if not alias.ambiguous:
                    found.add(alias.actor_id)
            elif e.kind == "person":
                row = person_row(ix, e.target, date)
                if row is not None:
                    found.add(row.state)
            elif e.kind == "place" and not hit.has("alias"):
                # a place that is also an ambiguous alias must not support itself
                state = kb.places[e.target].state
                if state:
                    found.add(state)
    return found


# --- document-level passes -----------------------------------------------------------
