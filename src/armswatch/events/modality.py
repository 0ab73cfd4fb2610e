"""Factuality and attribution of one cue: how certain the text is, and who says so.

Both read the chain of words that governs the cue inside its clause: a modal or hedge
on that chain makes the event ``possible``, a negator or a negating verb ("denied",
"refused", "refrained from") makes it ``negated``; a reporting verb above it ("said",
"told reporters", "according to") names who asserts it.
"""

from __future__ import annotations

from spacy.tokens import Token

from armswatch.events.grammar import CHAIN_DEPS
from armswatch.events.lexicon import Lexicon
from armswatch.events.roles import subjects
from armswatch.events.sentence import SentenceView
from armswatch.models import Mention


def governing_chain(cue: Token, governor: Token | None = None) -> list[Token]:
    """The cue and the words above it, up to the clause's reporting verb or root."""
    chain = [cue]
    tok = cue
    if governor is not None and governor not in chain:
        chain.append(governor)
        tok = governor
    hops = 0
    while tok.head.i != tok.i and hops < 8:
        if tok.dep_ not in CHAIN_DEPS and tok.dep_ not in ("ccomp", "relcl"):
            break
        parent = tok.head
        chain.append(parent)
        if tok.dep_ in ("ccomp", "relcl"):
            break
        tok = parent
        hops += 1
    return chain


def _fronted_adjunct(tok: Token, parent: Token) -> bool:
    """A phrase set before the clause's subject ("In talks with Seoul, he offered ...").

    It tells the scene the clause happens in, so the clause's hedges are not its own.
    """
    if tok.dep_ != "prep" or parent.pos_ not in ("VERB", "AUX") or tok.i > parent.i:
        return False
    subj = [c.i for c in parent.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subj) and tok.i < min(subj)


def _below(tok: Token, ancestor: Token) -> Token:
    """The word under ``ancestor`` on the path up from ``tok`` (``tok`` if not below it)."""
    node = tok
    while node.head.i != node.i and node.head.i != ancestor.i:
        node = node.head
    return node if node.head.i == ancestor.i else tok


def _offered(tok: Token, lex: Lexicon) -> bool:
    """A participle that makes the noun it follows a proposal ("sales offered", "a plan proposed").

    A negotiated deal is a concluded one: that participle tells no hedge.
    """
    lemma = lex.lemma(tok)
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and lemma in lex.hedge_verbs and lemma != "negotiate"


def _negation_scope(cue: Token, governor: Token | None) -> list[Token]:
    """Words whose negation negates the cue: itself, its light verb, and control verbs above.

    "refused to send", "did not want to buy", "refrained from condemning" negate the
    event; "have not missed the symbolism of the summit" does not negate the summit.
    """
    scope = [cue]
    tok = governor if governor is not None else cue
    if governor is not None:
        scope.append(governor)
    hops = 0
    while tok.head.i != tok.i and hops < 4:
        if tok.dep_ in ("xcomp", "ccomp") or (tok.dep_ == "pcomp" and tok.head.lower_ in ("from", "of")):
            parent = tok.head if tok.dep_ != "pcomp" else tok.head.head
            if tok.dep_ == "ccomp" and any(c.dep_ == "dobj" for c in parent.children):
                # "accused Tehran of arming the Houthis, a charge Iran denies": what the verb
                # denies is its object; a clause hung on it as well is not its content.
                break
            scope.append(parent)
            tok = parent
            hops += 1
            continue
        if tok.dep_ == "conj":
            tok = tok.head
            hops += 1
            continue
        break
    return scope


def _negated(tok: Token, lex: Lexicon) -> bool:
    if tok.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" for c in tok.head.children):
        return True  # "neither confirmed nor denied"
    for child in tok.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "preconj") and low in lex.negators):
            return True
        if child.dep_ == "det" and low == "no" and tok.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def factuality(view: SentenceView, cue: Token, lex: Lexicon, governor: Token | None = None) -> str:
    """``certain``, ``possible`` or ``negated`` for the event the cue signals."""
    if (
        governor is not None
        and lex.lemma(governor) in lex.presupposing_verbs
        and cue.dep_ not in ("nsubj", "nsubjpass")
    ):
        # What is said of enforcing or breaching an embargo is not said of the embargo:
        # only the cue's own words ("no embargo", "a proposed embargo") count.
        scope, chain = [cue], [cue]
    else:
        scope, chain = _negation_scope(cue, governor), governing_chain(cue, governor)
    for i, tok in enumerate(scope):
        negating = i > 0 and lex.lemma(tok) in lex.negating_verbs
        if negating and _negated(tok, lex):
            return "possible"  # "did not rule out", "has not refused"
        if _negated(tok, lex) or negating:
            return "negated"
    possible = False
    # "In talks with Seoul, he offered ...": the talks are no offer. A verb's hedge reaches its
    # complements, not a scene set before its subject; a modal there still dates the scene.
    scene = next((i for i in range(1, len(chain)) if _fronted_adjunct(_below(cue, chain[i]), chain[i])), 0)
    for i, tok in enumerate(chain):
        lemma = lex.lemma(tok)
        own = i == 0
        hedges = not own and not (scene and i >= scene)
        if not own and lemma in lex.negating_verbs and tok in scope:
            return "negated"
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "aux" and low in lex.modals:
                possible = True
            if child.dep_ == "advmod" and low in lex.hedge_adverbs:
                possible = True
            if child.dep_ == "amod" and low in lex.hedge_adjectives:
                possible = True
            if child.dep_ == "mark" and low in ("if", "unless", "whether"):
                possible = True
        if hedges and (
            lemma in lex.hedge_verbs
            or lemma in lex.hedge_nouns
            or (tok.pos_ == "ADJ" and tok.lower_ in lex.hedge_adjectives)
        ):
            possible = True
        if own and tok.pos_ in ("NOUN", "PROPN") and lemma in lex.hedge_nouns:
            possible = True
        if own and any(_offered(c, lex) for c in tok.children):
            possible = True  # "the weapons sales offered to Taiwan"
    # "expected to", "is estimated", "reportedly" anywhere before the cue in its clause.
    for tok in view.doc:
        if tok.i >= cue.i:
            break
        if tok.lower_ in lex.hedge_adverbs and tok.head in chain:
            possible = True
    return "possible" if possible else "certain"


def attribution(view: SentenceView, cue: Token, lex: Lexicon) -> tuple[list[Mention], bool]:
    """Who the sentence says asserts the event, and whether a reporting frame was found.

    A frame with an unnamed speaker ("experts said", "according to reports") returns
    ``([], True)``: the claim is attributed, to nobody the contract can name.
    """
    for tok in view.doc:
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            to = next(c for c in tok.children if c.lower_ == "to")
            objs = [c for c in to.children if c.dep_ == "pobj"]
            return view.actors(objs, resolve_pronouns=False), True
    tok = cue
    seen = 0
    while tok.head.i != tok.i and seen < 10:
        parent = tok.head
        if lex.lemma(parent) in lex.reporting_verbs and parent.i != cue.i:
            return view.actors(subjects(view, parent)), True
        if (
            tok.dep_ == "pcomp"
            and parent.lower_ in ("for", "of")
            and parent.head.lemma_.lower() in lex.words.judging - lex.words.punishing
            and parent.head.i != cue.i
        ):
            # "China criticised the United States for selling jets": the critic says it was sold.
            return view.actors(subjects(view, parent.head)), True
        tok = parent
        seen += 1
    root = tok
    for child in root.children:
        own_claim = any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in child.children)
        if (
            child.dep_ in ("parataxis", "advcl", "conj")
            and lex.lemma(child) in lex.reporting_verbs
            and (child.dep_ == "parataxis" or (child.i > cue.i and not own_claim))
        ):
            return view.actors(subjects(view, child)), True
    return [], False


def claimed(tok: Token, lex: Lexicon) -> bool:
    """Whether the cue sits in the that-clause of a claim ("allegations that X sent ...")."""
    node = tok
    for _ in range(6):
        if node.head.i == node.i:
            return False
        if node.dep_ in ("acl", "ccomp", "relcl") and node.head.lower_ in lex.claim_nouns:
            return True
        node = node.head
    return False
