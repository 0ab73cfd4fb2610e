"""Frames: from the grammatical slots around a cue to the record's source and target.

Each cue of ``kb/triggers.toml`` names a frame (give, get, act_on, joint, visit, host,
deploy, test, deny, supplier, customer, breach, evaluate); :func:`apply_frame` maps the
slots :mod:`armswatch.events.roles` found onto the contract's roles for that frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from spacy.tokens import Token

from armswatch.events.grammar import (
    AS_COPULAS,
    COPULAS_OF_IDENTITY,
    COPULAS_OF_QUALITY,
    COPULAS_OF_ROLE,
    DEFINITE_DETERMINERS,
    FUTURE_MODALS,
    WHERE_PREPS,
)
from armswatch.events.kinds import (
    PARTNERING,
    SPEECH_ACTS,
    SPLIT_SOURCES,
    SPLIT_TARGETS,
    TARGET_REQUIRED,
    TRANSFER_FRAMES,
)
from armswatch.events.lexicon import Cue, Lexicon
from armswatch.events.modality import attribution
from armswatch.events.roles import Slots, subjects
from armswatch.events.sentence import SentenceView
from armswatch.models import Mention


class Roles(NamedTuple):
    """What a frame reads: who acts, who is acted on, and what deed a bare target points back to."""

    source: list[str]
    target: list[str]
    # "condemned the decision": the event types "the decision" may be; the document says whose.
    refers: frozenset[str] = frozenset()
    # "rejected the minister's version": a denial of someone's word the sentence leaves unowned.
    answers: bool = False


def clause_scope(tok: Token) -> list[Token]:
    """The clause a cue speaks about: its own subtree, or its governing verb's for nouns."""
    if tok.dep_ == "acl":
        # "missiles supplied by North Korea": the participle speaks about its noun.
        return [tok.head, *tok.subtree]
    head = tok
    if tok.pos_ in ("NOUN", "PROPN"):
        up = tok
        for _ in range(3):
            if up.head.i == up.i:
                break
            up = up.head
            if up.pos_ in ("VERB", "AUX"):
                head = up
                break
    return list(head.subtree)


def actor_ids(mentions: Sequence[Mention], *, named: Sequence[str] = ()) -> list[str]:
    """Actor ids of mentions; a group adds those of its members the sentence names too."""
    out: list[str] = []
    for m in mentions:
        ids = [m.value] if m.value else []
        if m.members:
            ids.extend(x for x in m.members if not m.value or x in named)
        for i in ids:
            if i and i not in out:
                out.append(i)
    return out


def first_actor_id(mentions: Sequence[Mention]) -> str | None:
    """The id of the first mention that names an actor (a group's first member for a back-reference)."""
    for m in mentions:
        if m.value:
            return m.value
        if m.members:
            return m.members[0]
    return None


def _warned(view: SentenceView, tok: Token, speakers: Sequence[str]) -> list[str]:
    """Whom a warning of the speaker's own reply is aimed at: "warned that Russia would then take
    decisions South Korea's leaders would not like", "warned that it would regard any strike as
    German participation". A warning about what others might do is no demand."""
    for clause in (c for c in tok.children if c.dep_ == "ccomp"):
        subject = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        own = set(actor_ids(view.actors(subject))) & set(speakers)
        modal = any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in clause.children)
        if not (own and modal):
            continue
        others = view.actors([t for t in clause.subtree if t not in subject], resolve_pronouns=False)
        aimed = [i for i in actor_ids(others) if i not in speakers and i not in view.lex.un_ids]
        if aimed:
            return aimed[:1]
    return []


def _threat_count(view: SentenceView, lex: Lexicon) -> int:
    return sum(1 for t in view.doc if t.lower_ in lex.threat_nouns or t.lemma_.lower() in lex.threat_nouns)


def _ancestor_parties(view: SentenceView, tok: Token) -> list[Mention]:
    """Actors that own the clause above a cue: subjects and possessors of its ancestors."""
    out: list[Mention] = []
    up = tok
    for _ in range(5):
        if up.head.i == up.i:
            break
        up = up.head
        for child in up.children:
            if child.dep_ in ("nsubj", "nsubjpass", "poss") and child.i != tok.i:
                out.extend(m for m in view.actors([child]) if m not in out)
        if out:
            break
    return out


def _judged(adj: Token, lex: Lexicon) -> Token | None:
    """What a blaming adjective is said of: "X was irresponsible", "called X illegal",
    "described X as a dangerous escalation", "X was an illegitimate step"."""
    head = adj
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.dep_ == "amod" and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # the judging noun phrase stands where the adjective would
    if head.dep_ == "pobj" and head.head.lower_ == "as":
        head = head.head  # "described X as unacceptable": "as" completes the verb
        if head.head.lemma_.lower() in lex.words.calling:
            objs = [c for c in head.head.children if c.dep_ == "dobj"]
            return objs[0] if objs else None
        return None
    verb = head.head
    if head.dep_ == "acomp" and verb.lemma_ in COPULAS_OF_QUALITY:
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subj[0] if subj else None
    if head.dep_ == "attr" and verb.lemma_ in COPULAS_OF_IDENTITY:
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subj[0] if subj else None
    if head.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "dobj") and verb.lemma_.lower() in lex.words.calling:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        return objs[0] if objs else None
    return None


def _caller_verb(tok: Token, lex: Lexicon) -> Token | None:
    """The verb of "called/described X a violation" that ``tok`` completes, if any."""
    head = tok
    while head.dep_ in ("conj", "amod") and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("oprd", "attr", "pobj", "dobj", "acomp", "ccomp", "xcomp") and head.head.pos_ in (
        "VERB",
        "AUX",
        "ADP",
    ):
        verb = head.head if head.head.pos_ != "ADP" else head.head.head
        if verb.lemma_.lower() in lex.words.calling:
            return verb
    return None


def _sanctioned_nouns(tok: Token) -> list[Token]:
    """The nouns a sanction cue acts on: its object, the noun of its relative clause, or its
    "on"/"against" phrase."""
    nouns = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ == "relcl":
        nouns.append(tok.head)
    nouns += _pobjs_of(tok, ("on", "against"))
    return nouns


def _tied_to(nouns: Sequence[Token], lex: Lexicon) -> list[Token]:
    """What a noun is said to be tied to: "a company tied to Egypt's army"."""
    return [
        g
        for n in nouns
        for v in n.children
        if v.dep_ == "acl" and v.lemma_.lower() in lex.words.ties
        for g in _pobjs_of(v, ("to", "with"))
    ]


def _included(phrases: Sequence[Token]) -> list[Token]:
    """What an unnamed group's "including" phrase names: "several of the companies, including
    units of Anduril" stands for the named members when nothing else is named."""
    return [
        g
        for p in phrases
        for t in p.subtree
        if t.dep_ == "prep" and t.lower_ == "including"
        for g in t.children
        if g.dep_ == "pobj"
    ]


def by_objects(tok: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase: who did it."""
    return [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _pobjs_of(tok: Token | Sequence[Token], preps: tuple[str, ...] = ("by", "of")) -> list[Token]:
    heads = [tok] if isinstance(tok, Token) else list(tok)
    return [
        g for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children
    ]


def _caller(view: SentenceView, tok: Token) -> list[Mention]:
    """Who calls something a breach: the subject of "called/described X a violation"."""
    verb = _caller_verb(tok, view.lex)
    return view.actors(subjects(view, verb)) if verb is not None else []


def apply_frame(cue: Cue, s: Slots, view: SentenceView, tok: Token, lex: Lexicon) -> Roles | None:
    """Map slots onto source and target for the cue's frame; None when roles are missing."""
    frame = cue.frame
    named = [m.value for m in view.mentions if m.kind == "actor" and m.value]
    if frame == "give":
        source = actor_ids(s.agent or s.modifiers)
        if not source and cue.type == "tech_transfer" and tok.dep_ == "acl" and tok.tag_ == "VBN":
            # "using technology transferred from Korea": where it came from passed it on.
            source = actor_ids(s.origin)
        target = (
            actor_ids(s.recipient)
            or actor_ids(s.holder)
            or actor_ids([m for m in s.patient if m.value or m.members])
        )
        if not target and cue.pos == "noun":
            target = actor_ids(s.destination)
        if not target:
            target = actor_ids(s.partner)  # "traded technology with Iran"
    elif frame == "get":
        target = actor_ids(s.agent or s.holder or (s.modifiers if cue.pos == "noun" else []))
        source = actor_ids(s.origin) or _makers(view, tok, exclude=target)
    elif frame == "act_on":
        source = actor_ids(s.agent or s.modifiers, named=named)
        target = (
            actor_ids(s.patient) or actor_ids(s.on) or actor_ids(s.recipient) or actor_ids(s.patient_parties)
        )
        if tok.lemma_.lower() == "blame":
            # "blames the attacks on the RSF": the "on" phrase is accused, wherever it hangs.
            deed_on = [g for o in tok.children if o.dep_ == "dobj" for g in _pobjs_of(o, ("on",))]
            target = actor_ids(s.on or view.actors(deed_on)) or target
        if cue.type == "sanction":
            # UN sanctions and embargoes are acts of the Security Council (spec, "Actor ids").
            source = ["UNSC" if i == "UN" else i for i in source]
        if cue.type == "demand" and cue.pos == "verb":
            # "urged China to ...": the addressee is the object itself, not whose forces
            # "the withdrawal of the North Korean forces" names.
            heads = [c for c in tok.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
            direct = [
                m for m in s.patient if any(view.char(h) < m.end and m.start <= view.char(h) for h in heads)
            ]
            # "demanded that Pyongyang halt ...", "called for Russia to withdraw"
            told = [g for c in tok.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]
            told += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children]
            target = (
                actor_ids(direct) or actor_ids(s.on) or actor_ids(s.recipient) or actor_ids(view.actors(told))
            )
            if tok.lemma_.lower() == "warn":
                target = actor_ids(direct) or _warned(view, tok, source)
            elif not target and any(
                h.lemma_.lower() in lex.words.everyone for h in [*heads, *_pobjs_of(tok, ("on", "upon"))]
            ):
                # "called on all member states to stop the flow of arms": a demand to no one party.
                return Roles(source, []) if source else None
        if cue.type == "threat_designation" and (not target or _threat_count(view, lex) > 1):
            # "named Iran its main danger and Syria a lasting threat": one verb, several targets.
            later = view.actors([t for t in tok.subtree if t.i > tok.i], resolve_pronouns=False)
            target = target + [i for i in actor_ids(later) if i not in target]
        if cue.type == "sanction" and not target:
            # "a company tied to Egypt's army, which London has sanctioned": a company is of
            # the state it is tied to.
            target = actor_ids(view.actors(_tied_to(_sanctioned_nouns(tok), lex)))
        if cue.type == "sanction" and not target and s.governor is not None and not s.agent:
            # "X has long been subject to UN sanctions", "X was placed under Chinese sanctions"
            held = [c for c in s.governor.children if c.dep_ in ("nsubj", "nsubjpass")]
            held = held or subjects(view, s.governor)
            target = actor_ids(view.actors(held) or view.actors(_included(held)))

    elif frame == "supplier":
        source = actor_ids(_copula_subject(view, tok))
        if not source:
            return None  # "defence sources said": a supplier noun counts only as "X is ..."
        target = actor_ids([*[m for m in s.agent], *s.recipient])
    elif frame == "customer":
        target = actor_ids(_copula_subject(view, tok))
        if not target:
            return None
        source = actor_ids([*s.agent, *s.origin])
    elif frame == "breach":
        # "the US sales violated the one-China principle, the ministry said": the speaker
        # accuses whoever did what is called a breach.
        speakers, _ = attribution(view, tok, lex)
        called = _caller(view, tok)
        source = actor_ids(called or speakers)
        doers = s.agent if cue.pos == "verb" else [*s.agent, *s.modifiers, *s.patient]
        if called and cue.pos == "noun":
            # "called the launch by North Korea a violation": whose launch it was.
            verb = _caller_verb(tok, lex)
            if verb is not None:
                objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
                owners = [p for o in [*objs, verb] for p in _pobjs_of(o)]
                doers = [*doers, *view.actors(objs), *view.actors(owners)]
        if cue.pos == "noun" and not doers and tok.head.pos_ in ("VERB", "AUX"):
            doers = view.actors(subjects(view, tok.head))
        target = [i for i in actor_ids(doers) if i not in lex.un_ids]
    elif frame == "evaluate":
        judged = _judged(tok, lex)
        if judged is None:
            return None
        judges: list[Mention] = _caller(view, tok) or attribution(view, tok, lex)[0]
        source = actor_ids(judges)
        held_by = view.actors([judged, *_pobjs_of(judged)])
        if not held_by and tok.dep_ == "amod":
            # "called the move a dangerous expansion of Moscow's war": whose war it widens.
            held_by = view.actors(_pobjs_of(tok.head))
        target = [i for i in actor_ids(held_by) if i not in lex.un_ids]
    elif frame == "joint":
        parties = actor_ids([*s.agent, *s.modifiers, *s.partner, *s.patient, *s.origin], named=named)
        if len(parties) == 1:
            # "Russia's eagerness to expand defence cooperation with Pakistan"
            parties += [i for i in actor_ids(_ancestor_parties(view, tok)) if i not in parties][:1]
        source, target = parties, []
        if len(parties) == 1:
            # "Goita said he hoped to expand cooperation in defence": with the party the
            # article has him dealing with (see `complete_roles`).
            return Roles(parties, [], refers=PARTNERING)
        if len(parties) < 2:
            return None
    elif frame == "visit":
        # "a delegation from its armed forces": who sent the delegation is the visitor.
        source = actor_ids(s.agent or s.modifiers or (s.origin if cue.words[0] == "delegation" else []))
        if cue.words[0] in lex.words.face_to_face and len(source) == 1 and actor_ids(s.patient):
            # "Kim met him at Pyongyang's airport": meeting on your own ground, you are the host.
            here = {m.value for m in view.mentions if m.kind == "actor" and m.ref in ("capital", "place")}
            if source[0] in here and not set(actor_ids(s.patient)) & here:
                source, target = actor_ids(s.patient), source
                return Roles(source, target)
        if not source and s.partner and cue.pos == "noun":
            # "Merz said after talks with Zelensky": the clause's subject held the talks.
            source = [i for i in actor_ids(_ancestor_parties(view, tok)) if i not in actor_ids(s.partner)][:1]
        target = actor_ids(s.patient) or actor_ids(s.partner)
        if cue.words[0] in ("visit", "travel", "trip", "delegation"):
            target = target or actor_ids(s.destination)
        elif cue.words[0] == "attend" and not target and view.filed_in and view.filed_in not in source:
            # "Russia's deputy defence minister attended the ceremony" in a story filed from
            # Yangon: the ceremony's host is where the story happens.
            target = actor_ids(s.destination) or [view.filed_in]
        elif cue.words[0] == "attend" and not target and set(actor_ids(s.destination)) - set(source):
            # "attended the Victory Day parade in Moscow": the ground it was held on hosts it.
            target = actor_ids(s.destination)
        elif len(set(source) | set(target)) < 2:
            return None  # "the G20 summit in New Delhi" names a gathering, not who met whom
        if not target and len(source) >= 2:
            target = []
        elif not target:
            return None
        elif cue.words[0] in lex.words.talking and source == [view.filed_in] and len(target) == 1:
            # "Merz said in Berlin after talks with Zelensky": in a story filed from the
            # speaker's own country, the other party is the visitor.
            source, target = target, source
    elif frame == "host":
        source = actor_ids(s.patient)
        target = actor_ids(s.agent)
        if not source or view.weapons([c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]):
            return None  # "received a shipment of Iranian missiles" hosts nobody
    elif frame == "deploy":
        # "North Korean units have been deployed to Kursk": the troops' owner sends them.
        source = actor_ids(s.agent or s.modifiers or s.patient)
        target = actor_ids(s.destination)
        if tok.lemma_.lower() == "have":
            # "Iran had military personnel in occupied Ukraine": troops one has somewhere are
            # troops one sent there; "has said", "has 1.3 million troops" tell of no place.
            troops = [o for o in _troop_objects(tok, lex) if o.i > tok.i]
            if not troops:
                return None
            target = actor_ids(
                view.actors(
                    _pobjs_of(tok, WHERE_PREPS) + [g for o in troops for g in _pobjs_of(o, WHERE_PREPS)]
                )
            )
    elif frame == "test":
        source, target = actor_ids(s.agent or s.modifiers), []
    elif frame == "deny":
        if any(c.dep_ == "dobj" and c.lemma_.lower() in lex.not_claims for c in tok.children):
            return None  # "would deny entry to ...": a refusal, not a denial of a claim
        source = actor_ids(s.agent)
        target = [i for i in actor_ids(s.patient) if i not in source]
        said = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in lex.claims]
        if not target:
            # "rejected the accusations by France, Britain and Germany": whose claims they are.
            target = [i for i in actor_ids(view.actors(_pobjs_of(said, ("by", "from")))) if i not in source]
        if source and not target and said:
            return Roles(source, [], answers=True)
    else:
        return None
    target = [t for t in target if t not in source]
    if frame in TRANSFER_FRAMES:
        # The UN embargoes and inspects arms; it neither sells nor receives them.
        source = [i for i in source if i not in lex.un_ids]
        target = [i for i in target if i not in lex.un_ids]
    if cue.type in SPEECH_ACTS and not source and target and frame in ("act_on", "breach", "evaluate"):
        # "He accused the Security Council": the speaker comes from the document.
        return Roles([], target)
    if frame in TRANSFER_FRAMES:
        if not source and frame == "give":
            source = _makers(view, tok, exclude=target)
        if frame == "give" and not source and is_passive_verb(tok):
            # "133 of its tanks had been shipped": the owner of what was shipped sent it.
            source = [i for i in actor_ids(s.patient) if i not in target]
        # One side may come from the document (see `complete_roles`); with neither, a named
        # weapon may still tie the cue to a transfer the document already reported.
        if source or target or any(m.value != "other" for m in view.weapons(clause_scope(tok))):
            return Roles(source, target)
        return None
    if cue.type == "sanction" and target and not source:
        return Roles([], target)  # "TSK Vektor was also sanctioned": who sanctions comes from the document
    if source and not target and cue.type == "accusation":
        refers = _deed_referred(view, tok, cue, lex)
        if refers:
            return Roles(source, [], refers)
    if not source or (not target and cue.type in TARGET_REQUIRED):
        return None
    return Roles(source, target)


def _troop_objects(verb: Token, lex: Lexicon) -> list[Token]:
    """The troop nouns a verb has as its object: "had no forces in Yemen"."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    objs += [c for o in objs for c in o.conjuncts]
    return [o for o in objs if o.lower_ in lex.troop_nouns or o.lemma_.lower() in lex.troop_nouns]


def _deed_referred(view: SentenceView, tok: Token, cue: Cue, lex: Lexicon) -> frozenset[str]:
    """The event types of a definite deed the cue judges ("condemned the launch"), if any."""
    if cue.frame == "evaluate":
        judged = _judged(tok, lex)
        deeds = [judged] if judged is not None else []
    elif cue.frame == "breach":
        verb = _caller_verb(tok, lex)
        if verb is not None:
            deeds = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        elif cue.pos == "verb" or any(c.dep_ == "nsubj" for c in tok.children):
            deeds = subjects(view, tok)  # "the transfers breach ...", a verb the tagger took for a noun
        else:
            deeds = subjects(view, tok.head) if tok.head.pos_ in ("VERB", "AUX") else []
    elif cue.pos == "verb":
        deeds = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    else:
        # "condemnation of the launch", "opposition to the sales"
        deeds = _pobjs_of(tok, ("of", "over", "to"))
    for deed in [*deeds, *(c for d in deeds for c in d.children if c.dep_ == "conj")]:
        types = lex.event_nouns.get(deed.lower_) or lex.event_nouns.get(deed.lemma_.lower())
        if types and any(c.dep_ == "poss" or c.lower_ in DEFINITE_DETERMINERS for c in deed.children):
            return types
    return frozenset()


def is_passive_verb(tok: Token) -> bool:
    """Whether ``tok`` is a verb in the passive voice."""
    return tok.pos_ in ("VERB", "AUX") and any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _makers(view: SentenceView, tok: Token, exclude: Sequence[str]) -> list[str]:
    """The maker of what the cue's object names: "Russian Su-35 fighters", "K2 tanks"."""
    out: list[str] = []
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
            for m in view.actors([child], resolve_pronouns=False):
                if m.value and m.value not in exclude and m.value not in out:
                    out.append(m.value)
    if not out:
        for m in view.weapons(clause_scope(tok)):
            maker = m.ref.removeprefix("maker:") if m.ref.startswith("maker:") else ""
            if maker and maker not in exclude and maker not in out:
                out.append(maker)
    return out


def _copula_subject(view: SentenceView, noun: Token) -> list[Mention]:
    """The subject of "X is/remains <noun>" ("Russia remains the junta's main supplier")."""
    head = noun
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head
    if head.dep_ in ("attr", "oprd") and head.head.lemma_ in COPULAS_OF_ROLE:
        return view.actors(subjects(view, head.head))
    if head.dep_ == "pobj" and head.head.lower_ == "as":
        # "India has emerged as one of Armenia's leading suppliers"
        verb = head.head.head
        if verb.lemma_ in AS_COPULAS:
            return view.actors(subjects(view, verb))
    return []


def split_parties(
    etype: str, source: list[str], target: list[str]
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """One record per recipient (or supplier) for the types the contract splits."""
    sources = _parties(source) if etype in SPLIT_SOURCES else [source]
    targets = _parties(target) if etype in SPLIT_TARGETS else [target]
    return [(tuple(s), tuple(t)) for s in sources for t in targets]


def _parties(ids: list[str]) -> list[list[str]]:
    """One party per state; a company or group slug stays with the state named before it."""
    groups: list[list[str]] = []
    for i in ids:
        if i.islower() and groups and not groups[-1][-1].islower():
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups or [ids]
