"""Where a meeting happened, and who hosted it.

A meeting's host is the state on whose ground it took place (spec: "visitor → host"). News
names the ground as an "at"/"in" phrase ("Kim met him at Pyongyang's airport", "met at the
Vostochny Cosmodrome in Russia's Far East", "told Putin at the Kremlin") or as the place a
"where" clause hangs on ("from Hanoi, where he was on a state visit").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from spacy.tokens import Token

from armswatch.events.grammar import NESTED_VENUE_PREPS, VENUE_CLAUSE_DEPS, VENUE_PREPS
from armswatch.events.sentence import SentenceView
from armswatch.models import Mention


def _phrase(pobj: Token) -> list[Token]:
    """The tokens of a venue's noun phrase, with its own "in"/"at"/"of" places."""
    out: list[Token] = []
    stack = [pobj]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in VENUE_CLAUSE_DEPS:
                continue
            if c.dep_ == "prep" and c.lower_ not in NESTED_VENUE_PREPS:
                continue
            stack.append(c)
    return out


def venue_tokens(tok: Token, governor: Token | None = None) -> list[Token]:
    """Tokens of the places where the cue's deed happened: its "at"/"in" phrases, those of
    its light verb and object ("attended the parade in Moscow"), and the place a "where"
    clause around it hangs on."""
    verbs = [t for t in (tok, governor) if t is not None and t.pos_ in ("VERB", "AUX")]
    # "watched firing trials at the range": the verb the first one completes is still its deed.
    verbs += [c for v in verbs for c in v.children if c.dep_ == "xcomp"]
    heads = [tok, *(v for v in verbs if v.i != tok.i)]
    heads.extend(c for v in verbs for c in v.children if c.dep_ == "dobj" and c.i != tok.i)
    out: list[Token] = []
    for h in heads:
        for prep in h.children:
            if prep.dep_ == "prep" and prep.lower_ in VENUE_PREPS:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        out.extend(_phrase(pobj))
    clause = governor if governor is not None else tok
    up = clause
    for _ in range(3):
        if up.pos_ in ("VERB", "AUX") or up.head.i == up.i:
            break
        up = up.head
    if up.dep_ == "relcl" and any(c.lower_ == "where" for c in up.children):
        out.extend(_phrase(up.head))
    return out


def venue_states(view: SentenceView, tokens: Sequence[Token], place_states: Mapping[str, str]) -> list[str]:
    """The states (or bodies) the venue tokens name, in text order."""
    found: list[tuple[int, str]] = []
    for t in sorted(tokens, key=lambda t: t.i):
        for m in view.mentions_at(t, "actor"):
            if m.value:
                found.append((m.start, m.value))
        for m in view.mentions_at(t, "place"):
            state = place_states.get((m.value or m.text).lower())
            if state:
                found.append((m.start, state))
    out: list[str] = []
    for _, v in sorted(found):
        if v not in out:
            out.append(v)
    return out


def residents(view: SentenceView, ids: Sequence[str], named: Sequence[Mention]) -> bool:
    """Whether every one of ``ids`` is named among the cue's parties only as an envoy posted
    abroad ("met India's ambassador in Baku")."""
    if not ids:
        return False
    for i in ids:
        ms = [m for m in named if m.value == i]
        if not ms or not all(_is_resident(view, m.start, m.end) for m in ms):
            return False
    return True


def _is_resident(view: SentenceView, start: int, end: int) -> bool:
    """Whether a mention is (part of) an "ambassador"/"envoy" phrase: "India's ambassador"."""
    for t in view.doc:
        at = view.char(t)
        if start <= at < end and t.lower_ in view.lex.words.residents:
            return True
        if start <= at < end:
            head = t
            for _ in range(2):
                if head.lower_ in view.lex.words.residents:
                    return True
                if head.dep_ not in ("poss", "compound", "amod", "case") or head.head.i == head.i:
                    break
                head = head.head
            if head.lower_ in view.lex.words.residents:
                return True
    return False


def host_by_venue(
    source: list[str], target: list[str], venue: Sequence[str]
) -> tuple[list[str], list[str]] | None:
    """Visitors and host of a meeting held at ``venue``: the party whose ground it is hosts
    and the others visit; on a third party's ground nobody hosts (all parties, no target).
    None when the venue says nothing of the roles."""
    parties = [*source, *(t for t in target if t not in source)]
    if not venue or len(parties) < 2:
        return None
    host = next((v for v in venue if v in parties), None)
    if host is not None:
        return [p for p in parties if p != host], [host]
    return parties, []
