"""What the clause around a cue says of it, beyond its roles: whether a ban forbids it, a
denial disowns it, a speaker's own modal leaves it unmade, a meeting is only the occasion of a
statement, and which words of the sentence belong to the cue's own phrase or to another clause.

Pure functions of spaCy tokens (and the lexicon's word lists), used by
:mod:`armswatch.events.detect`.
"""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.grammar import CLAUSAL_DEPS, FUTURE_MODALS, MAYBE_MODALS, TEMPORAL_MARKERS
from armswatch.events.lexicon import Lexicon
from armswatch.events.sentence import SentenceView
from armswatch.models import Mention


def none_sent(verb: Token) -> bool:
    """Whether a deployment verb's object is "no ..." troops."""
    return any(
        d.dep_ == "det" and d.lower_ == "no" for o in verb.children if o.dep_ == "dobj" for d in o.children
    )


def staying(verb: Token, lex: Lexicon) -> bool:
    """Whether a deployment cue tells troops "will/would remain": a presence that goes on."""
    return verb.lemma_.lower() in lex.words.staying and any(
        c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in verb.children
    )


def kept_up(governor: Token | None, lex: Lexicon) -> bool:
    """Whether a sanction noun is the object of enforcing or lifting it, not of imposing it."""
    return governor is not None and governor.lemma_.lower() in lex.words.keeping


def addresses_gathering(tok: Token, lex: Lexicon) -> bool:
    """Whether a telling verb is addressed to a gathering ("told a NATO summit in Washington"):
    a speaker who addresses one tells no party in particular."""
    return any(
        c.dep_ in ("dobj", "dative") and c.lemma_.lower() in lex.words.gatherings for c in tok.children
    )


def purposes(tok: Token) -> set[int]:
    """Tokens of infinitives on the cue's objects: "would give it options to use nuclear
    arms" hands over options; the arms are only what the options are for."""
    dropped: set[int] = set()
    for obj in tok.children:
        if obj.dep_ not in ("dobj", "dative"):
            continue
        for clause in obj.children:
            if clause.dep_ in ("acl", "relcl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
            ):
                dropped.update(t.i for t in clause.subtree)
    return dropped


def occasion(cue: Token, governor: Token | None, lex: Lexicon) -> bool:
    """Whether a meeting is the occasion of the reporting verb above it, not what it reports:
    "said after talks with X", "spoke after a delegation briefed Y", "when he attended"."""
    tok = cue
    for _ in range(10):
        if tok.head.i == tok.i:
            return False
        parent = tok.head
        if tok.dep_ == "advcl" and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in TEMPORAL_MARKERS for c in tok.children
        ):
            return True
        if tok.dep_ == "pobj" and parent.dep_ == "prep" and parent.lower_ in TEMPORAL_MARKERS:
            return True
        if parent.lemma_.lower() in lex.reporting_verbs and parent.i != cue.i:
            # A delegation that briefs or tells someone is the meeting, not who reports it.
            return governor is not None and parent.i == governor.i
        tok = parent
    return False


def may(verb: Token) -> bool:
    """Whether a speech act's own verb is only possible ("may ask")."""
    return any(c.dep_ == "aux" and c.lower_ in MAYBE_MODALS for c in verb.children)


def banned(cue: Token, governor: Token | None, lex: Lexicon) -> bool:
    """Whether a transfer cue is what a ban forbids: "prohibit the transfer of", "bars states
    from supplying"."""
    if governor is not None and lex.lemma(governor) in lex.banning_verbs:
        return True
    head = cue.head
    if cue.dep_ == "pcomp" and head.lower_ == "from":
        head = head.head
    return cue.pos_ in ("VERB", "AUX") and head.i != cue.i and lex.lemma(head) in lex.banning_verbs


def disowned(cue: Token, lex: Lexicon) -> Token | None:
    """The verb that denies the claim a cue sits in: "dismissed reports that it had shipped",
    "dismissed Seoul's account of troops being sent", "claims that ... were untrue"."""
    node = cue
    for _ in range(6):
        head = node.head
        if head.i == node.i:
            return None
        if head.lower_ in lex.claims and node.dep_ in ("acl", "ccomp", "relcl", "prep"):
            verb = head.head
            if head.dep_ == "dobj" and lex.lemma(verb) in lex.denial_verbs:
                return verb
            if head.dep_ == "nsubj" and any(
                c.dep_ in ("acomp", "attr") and c.lower_ in lex.untrue for c in verb.children
            ):
                return verb
            return None
        node = head
    return None


def own_clause(tok: Token) -> bool:
    """Whether ``tok`` heads a clause of its own beside the cue (a coordinated, adverbial or
    parenthetical verb with its own subject); an object clause ("firing what Seoul called an
    ICBM") is the cue's own."""
    if tok.dep_ not in ("conj", "advcl", "parataxis") or tok.pos_ not in ("VERB", "AUX"):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def own_phrase(tok: Token) -> set[int]:
    """Token indexes of a noun's phrase without the clauses hanging off it or its parts."""
    out: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSAL_DEPS)
    return out


def weapons_in(view: SentenceView, tokens: set[int]) -> list[Mention]:
    """Weapon mentions on the given token indexes, in text order."""
    found = {(m.start, m.end): m for i in tokens for m in view.mentions_at(view.doc[i], "weapon")}
    return sorted(found.values(), key=lambda m: m.start)
