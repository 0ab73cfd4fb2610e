"""Grammatical slots around an event cue, read from the dependency parse.

Given the cue token, find who acts (the agent: subject, passive "by" phrase, possessor)
and who is acted on (object, "to"/"from"/"with"/"on" phrases), across active and passive
voice, coordination, control verbs ("urged X to send") and nominal events ("X's shipments
to Z", "the X–Z summit"). Frames in ``lexicon`` map slots onto source and target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from armswatch.events.grammar import LIGHT_HEAD_DEPS, OBJECT_DEPS, RAISING_VERBS, SUBJECT_DEPS
from armswatch.events.sentence import SentenceView
from armswatch.models import Mention


@dataclass
class Slots:
    """Actor mentions found in each grammatical slot of one cue."""

    agent: list[Mention] = field(default_factory=list)
    patient: list[Mention] = field(default_factory=list)
    recipient: list[Mention] = field(default_factory=list)
    origin: list[Mention] = field(default_factory=list)
    partner: list[Mention] = field(default_factory=list)
    on: list[Mention] = field(default_factory=list)
    destination: list[Mention] = field(default_factory=list)
    modifiers: list[Mention] = field(default_factory=list)
    patient_parties: list[Mention] = field(default_factory=list)
    holder: list[Mention] = field(default_factory=list)
    governor: Token | None = None


def _pobjs(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
    return out


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def subjects(view: SentenceView, verb: Token, depth: int = 0) -> list[Token]:
    """Subject tokens of ``verb``, inherited through coordination and control when absent."""
    if depth > 6:
        return []
    subj = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if subj:
        return subj
    if verb.tag_ == "VBG" and verb.i > 0:
        # "might lead to Russia procuring arms": the noun just before a gerund is its doer.
        before = verb.doc[verb.i - 1]
        if before.dep_ in ("pobj", "dobj") and before.pos_ == "PROPN" and view.actors([before]):
            return [before]
    head = verb.head
    if head.i == verb.i:
        return []
    if verb.dep_ == "conj":
        return subjects(view, head, depth + 1)
    if verb.dep_ == "xcomp" and head.lemma_.lower() in view.lex.words.helping:
        # "Russia has helped the Malian army to equip itself": the helper does it.
        return subjects(view, head, depth + 1)
    if verb.dep_ == "xcomp":
        # "urged China to use", "asked Washington to let": the object controls the verb;
        # "Khan was found to have traded", "X is expected to buy": the raised subject does.
        objs = [c for c in head.children if c.dep_ in ("dobj",)]
        if not objs and head.lemma_.lower() == "call":
            # "called on the UAE to stop sending weapons": the one called on does it.
            objs = _pobjs(head, ("on", "upon"))
        raised = [c for c in head.children if c.dep_ == "nsubjpass"]
        return objs or raised or subjects(view, head, depth + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        gov = head.head
        if head.lower_ == "of" or (head.lower_ == "for" and gov.lemma_.lower() in view.lex.words.judging):
            # "accused Abu Dhabi of supplying", "sanctioned firms for supplying": the object
            # of the judging verb is the doer.
            objs = [c for c in gov.children if c.dep_ in ("dobj",)] or _relative_object(gov)
            if objs:
                return objs
        if head.lower_ in ("of", "for") and gov.pos_ in ("NOUN", "PROPN") and view.actors([gov]):
            # "accused Serbian arms makers of supplying": the "of" hangs on the doer itself.
            return [gov]
        if gov.pos_ in ("VERB", "AUX"):
            return subjects(view, gov, depth + 1)
        if gov.pos_ == "ADJ" and gov.head.pos_ in ("VERB", "AUX"):
            # "India is interested in buying": who is interested would buy.
            return subjects(view, gov.head, depth + 1)
        if gov.pos_ in ("NOUN", "PROPN"):
            # "in return for supplying" hangs under a noun under a verb.
            up = gov.head
            while up.pos_ not in ("VERB", "AUX") and up.head.i != up.i:
                up = up.head
            if up.pos_ in ("VERB", "AUX"):
                return subjects(view, up, depth + 1)
    if verb.dep_ in ("advcl", "ccomp", "acl") and head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return []
        return subjects(view, head, depth + 1)
    if verb.dep_ == "relcl":
        return [head]
    if verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "attr") and head.pos_ in ("VERB", "AUX"):
        return subjects(view, head, depth + 1)  # "Russia is ready to supply": Russia would
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_.lower() in RAISING_VERBS:
        return [head]  # "the only country known to have imported howitzers": the country did
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return []  # a participle has no subject of its own: see `Slots.holder`
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and head.head.pos_ in ("VERB", "AUX"):
        # "accepted an invitation to visit": the one invited is the subject of "accepted".
        return subjects(view, head.head, depth + 1)
    return []


def _relative_object(verb: Token) -> list[Token]:
    """The noun a relative clause's verb has as its object: "the companies it accuses"."""
    if verb.dep_ != "relcl" or any(c.dep_ in OBJECT_DEPS for c in verb.children):
        return []
    if not any(c.dep_ in SUBJECT_DEPS and c.lower_ not in ("which", "who", "that") for c in verb.children):
        return []  # "companies that supply drones": the noun is the subject
    return [verb.head]


def _light_verb(noun: Token) -> Token | None:
    """The verb a nominal cue is the object or subject of, if any ("imposed sanctions")."""
    tok = noun
    hops = 0
    while tok.dep_ in ("conj", "compound", "pobj", "prep") and hops < 3:
        if tok.dep_ == "pobj" and tok.head.lower_ not in (
            "for",
            "of",
            "to",
            "on",
            "in",
            "at",
            "during",
            "under",
            "with",
        ):
            break
        tok = tok.head
        hops += 1
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    if tok.dep_ in LIGHT_HEAD_DEPS and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    return None


def find_slots(view: SentenceView, cue: Token, pos: str) -> Slots:
    """Fill the slots of ``cue`` (a verb or a noun token)."""
    slots = Slots()
    if pos == "verb":
        _verb_slots(view, cue, slots)
    else:
        _noun_slots(view, cue, slots)
    # "signed a contract for 180 tanks from Hyundai Rotem": the "from"/"to" phrase may hang
    # several nouns below the cue; look for it in the cue's object phrases.
    if not slots.origin:
        slots.origin = view.actors(_nested_pobjs(cue, ("from",)))
    if not slots.recipient:
        slots.recipient = view.actors(_nested_pobjs(cue, ("to",)))
    return slots


def _nested_pobjs(cue: Token, preps: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    stack = [c for c in cue.children if c.dep_ in ("dobj", "prep", "nsubjpass", "attr")]
    depth = 0
    while stack and depth < 40:
        tok = stack.pop()
        depth += 1
        if tok.dep_ in ("relcl", "ccomp", "advcl", "acl") and tok.pos_ in ("VERB", "AUX"):
            continue
        # "according to X" names a source of the report, never a recipient.
        if tok.dep_ == "prep" and tok.lower_ in preps and tok.head.lower_ != "according":
            out.extend(c for c in tok.children if c.dep_ == "pobj")
            continue
        stack.extend(tok.children)
    return out


def _holder_subjects(view: SentenceView, noun: Token) -> list[Token]:
    """Who holds what a noun names: "Russia fired missiles supplied by ..." -> Russia."""
    holder = noun
    while holder.dep_ in ("pobj", "prep", "conj", "appos") and holder.head.i != holder.i:
        holder = holder.head
    if holder.dep_ in ("dobj", "nsubjpass", "attr") and holder.head.pos_ in ("VERB", "AUX"):
        return subjects(view, holder.head)
    return []


def _verb_slots(view: SentenceView, verb: Token, slots: Slots) -> None:
    # "reports that it had shipped missiles" is a clause of its own, not a participle.
    participle = (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children)
    )
    passive = _is_passive(verb) or participle
    objs = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if participle:
        # "missiles supplied by North Korea", "jets bought from Russia"
        slots.agent = view.actors(_pobjs(verb, ("by",)))
        slots.patient = view.actors([verb.head])
        slots.holder = view.actors(_holder_subjects(view, verb.head))
    elif passive:
        by = _pobjs(verb, ("by",))
        slots.agent = view.actors(by)
        slots.patient = view.actors([c for c in verb.children if c.dep_ == "nsubjpass"])
    else:
        slots.agent = view.actors(subjects(view, verb))
        slots.patient = view.actors(objs or _relative_object(verb))
        # "condemned the cooperation between Russia and North Korea": whose conduct it is.
        slots.patient_parties = view.actors(
            [
                p
                for o in objs
                if o.lemma_.lower() not in view.lex.words.victim_nouns
                for p in _pobjs(o, ("between", "of", "by", "with", "among"))
            ]
        )
    slots.recipient = view.actors(_pobjs(verb, ("to", "for", "into")))
    slots.recipient += view.actors([c for c in verb.children if c.dep_ == "dative"])
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in view.lex.words.helping:
        slots.recipient += view.actors([c for c in verb.head.children if c.dep_ == "dobj"])
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in view.lex.words.helping and not passive:
        # "Russia had helped his country equip its army": the helper supplies, the helped receives.
        helped = slots.agent
        slots.agent = view.actors(subjects(view, verb.head))
        slots.recipient = helped + slots.recipient
        slots.patient = []
    for obj in objs:
        slots.recipient += view.actors(_pobjs(obj, ("to",)))
        slots.origin += view.actors(_pobjs(obj, ("from",)))
    slots.origin += view.actors(_pobjs(verb, ("from",)))
    slots.partner = view.actors(_pobjs(verb, ("with", "alongside", "between")))
    slots.on = view.actors(_pobjs(verb, ("on", "against", "upon", "over", "at")))
    slots.destination = view.actors(_pobjs(verb, ("to", "in", "into", "inside")))


def _noun_slots(view: SentenceView, noun: Token, slots: Slots) -> None:
    mods = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    slots.modifiers = view.actors(mods)
    slots.agent = view.actors([c for c in noun.children if c.dep_ == "poss"])
    slots.agent += view.actors(_pobjs(noun, ("by",)))
    slots.origin = view.actors(_pobjs(noun, ("from",)))
    slots.recipient = view.actors(_pobjs(noun, ("to", "for")))
    slots.partner = view.actors(_pobjs(noun, ("with", "between", "among")))
    slots.on = view.actors(_pobjs(noun, ("on", "against", "upon", "over")))
    slots.patient = view.actors(_pobjs(noun, ("of",)))
    slots.destination = view.actors(_pobjs(noun, ("to", "in", "into")))
    verb = _light_verb(noun)
    if verb is not None:
        slots.governor = verb
        if verb.lemma_.lower() in view.lex.words.receiving and noun.dep_ in ("dobj", "nsubjpass"):
            # "Russia has received a shipment of Iranian missiles": who receives it is its
            # recipient, not its sender.
            held = _pobjs(verb, ("by",)) if _is_passive(verb) else subjects(view, verb)
            slots.recipient += view.actors(held)
        elif not slots.agent and verb.lemma_.lower() not in view.lex.words.naming:
            if _is_passive(verb):
                slots.agent = view.actors(_pobjs(verb, ("by",)))
            elif noun.dep_ != "nsubj":
                slots.agent = view.actors(subjects(view, verb))
        slots.recipient += view.actors(_pobjs(verb, ("to", "for")))
        slots.origin += view.actors(_pobjs(verb, ("from",)))
        slots.partner += view.actors(_pobjs(verb, ("with", "between", "alongside")))
        slots.on += view.actors(_pobjs(verb, ("on", "against", "upon", "over")))
        slots.destination += view.actors(_pobjs(verb, ("to", "in", "into")))
        if noun.dep_ == "nsubj":
            slots.patient += view.actors([c for c in verb.children if c.dep_ in OBJECT_DEPS])
