"""Frames: from the grammatical slots around a cue to the record's source and target.

Each cue of ``kb/triggers.toml`` names a frame (give, get, act_on, joint, visit, host,
deploy, test, deny, supplier, customer, breach, evaluate); :func:`apply_frame` maps the
slots :mod:`armswatch.events.roles` found onto the contract's roles for that frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


class _Read(NamedTuple):
    """What one frame reader found: who acts and who is acted on, before the common checks."""

    source: list[str]
    target: list[str]


@dataclass(frozen=True, slots=True)
class _Cue:
    """Everything a frame reader looks at, and the trail it adds the names of its rules to."""

    cue: Cue
    s: Slots
    view: SentenceView
    tok: Token
    lex: Lexicon
    named: list[str]
    steps: list[str]

    def step(self, name: str) -> None:
        self.steps.append(name)


# A reader returns a _Read for the common checks of `apply_frame`, a Roles that is final,
# or None: no event.
_Reader = Callable[[_Cue], "_Read | Roles | None"]


def _give(c: _Cue) -> _Read:
    s, tok = c.s, c.tok
    source = actor_ids(s.agent or s.modifiers)
    if not source and c.cue.type == "tech_transfer" and tok.dep_ == "acl" and tok.tag_ == "VBN":
        # "using technology transferred from Korea": where it came from passed it on.
        source = actor_ids(s.origin)
        c.step("passed-on-from-origin")
    target = (
        actor_ids(s.recipient)
        or actor_ids(s.holder)
        or actor_ids([m for m in s.patient if m.value or m.members])
    )
    if not target and c.cue.pos == "noun":
        target = actor_ids(s.destination)
    if not target:
        target = actor_ids(s.partner)  # "traded technology with Iran"
    return _Read(source, target)


def _get(c: _Cue) -> _Read:
    s = c.s
    target = actor_ids(s.agent or s.holder or (s.modifiers if c.cue.pos == "noun" else []))
    source = actor_ids(s.origin)
    if not source:
        source = _makers(c.view, c.tok, exclude=target)
        if source:
            c.step("from-maker")
    return _Read(source, target)


def _blamed(c: _Cue, target: list[str]) -> list[str]:
    """ "blames the attacks on the RSF": the "on" phrase is accused, wherever it hangs."""
    deed_on = [g for o in c.tok.children if o.dep_ == "dobj" for g in _pobjs_of(o, ("on",))]
    return actor_ids(c.s.on or c.view.actors(deed_on)) or target


def _addressee(c: _Cue, source: list[str]) -> _Read | Roles | None:
    """Whom a demand verb is made of: the object itself ("urged China to ..."), not whose
    forces "the withdrawal of the North Korean forces" names."""
    s, view, tok = c.s, c.view, c.tok
    heads = [t for t in tok.children if t.dep_ in ("dobj", "dative", "nsubjpass")]
    direct = [m for m in s.patient if any(view.char(h) < m.end and m.start <= view.char(h) for h in heads)]
    # "demanded that Pyongyang halt ...", "called for Russia to withdraw"
    told = [g for t in tok.children if t.dep_ == "ccomp" for g in t.children if g.dep_ == "nsubj"]
    told += [g for t in tok.children if t.dep_ == "prep" and t.lower_ == "for" for g in t.children]
    target = actor_ids(direct) or actor_ids(s.on) or actor_ids(s.recipient) or actor_ids(view.actors(told))
    if tok.lemma_.lower() == "warn":
        target = actor_ids(direct)
        if not target:
            target = _warned(view, tok, source)
            if target:
                c.step("warned-of-reply")
    elif not target and any(
        h.lemma_.lower() in c.lex.words.everyone for h in [*heads, *_pobjs_of(tok, ("on", "upon"))]
    ):
        # "called on all member states to stop the flow of arms": a demand to no one party.
        c.step("demand-to-everyone")
        return Roles(source, []) if source else None
    return _Read(source, target)


def _sanction_target(c: _Cue, target: list[str]) -> list[str]:
    """Whom a sanction cue with no object hits: a company's state, or who is under it."""
    s, view, tok = c.s, c.view, c.tok
    if not target:
        # "a company tied to Egypt's army, which London has sanctioned": a company is of
        # the state it is tied to.
        target = actor_ids(view.actors(_tied_to(_sanctioned_nouns(tok), c.lex)))
        if target:
            c.step("tied-to-state")
    if not target and s.governor is not None and not s.agent:
        # "X has long been subject to UN sanctions", "X was placed under Chinese sanctions"
        held = [t for t in s.governor.children if t.dep_ in ("nsubj", "nsubjpass")]
        held = held or subjects(view, s.governor)
        target = actor_ids(view.actors(held) or view.actors(_included(held)))
        if target:
            c.step("subject-to-sanction")
    return target


def _act_on(c: _Cue) -> _Read | Roles | None:
    cue, s, view, tok = c.cue, c.s, c.view, c.tok
    source = actor_ids(s.agent or s.modifiers, named=c.named)
    target = actor_ids(s.patient) or actor_ids(s.on) or actor_ids(s.recipient) or actor_ids(s.patient_parties)
    if tok.lemma_.lower() == "blame":
        target = _blamed(c, target)
    if cue.type == "sanction":
        # UN sanctions and embargoes are acts of the Security Council (spec, "Actor ids").
        source = ["UNSC" if i == "UN" else i for i in source]
    if cue.type == "demand" and cue.pos == "verb":
        read = _addressee(c, source)
        if not isinstance(read, _Read):
            return read
        target = read.target
    if cue.type == "threat_designation" and (not target or _threat_count(view, c.lex) > 1):
        # "named Iran its main danger and Syria a lasting threat": one verb, several targets.
        later = view.actors([t for t in tok.subtree if t.i > tok.i], resolve_pronouns=False)
        target = target + [i for i in actor_ids(later) if i not in target]
    if cue.type == "sanction":
        target = _sanction_target(c, target)
    return _Read(source, target)


def _supplier(c: _Cue) -> _Read | None:
    source = actor_ids(_copula_subject(c.view, c.tok))
    if not source:
        return None  # "defence sources said": a supplier noun counts only as "X is ..."
    return _Read(source, actor_ids([*c.s.agent, *c.s.recipient]))


def _customer(c: _Cue) -> _Read | None:
    target = actor_ids(_copula_subject(c.view, c.tok))
    if not target:
        return None
    return _Read(actor_ids([*c.s.agent, *c.s.origin]), target)


def _breach(c: _Cue) -> _Read:
    # "the US sales violated the one-China principle, the ministry said": the speaker
    # accuses whoever did what is called a breach.
    cue, s, view, tok, lex = c.cue, c.s, c.view, c.tok, c.lex
    speakers, _ = attribution(view, tok, lex)
    called = _caller(view, tok)
    source = actor_ids(called or speakers)
    doers = s.agent if cue.pos == "verb" else [*s.agent, *s.modifiers, *s.patient]
    if called and cue.pos == "noun":
        # "called the launch by North Korea a violation": whose launch it was.
        verb = _caller_verb(tok, lex)
        if verb is not None:
            objs = [t for t in verb.children if t.dep_ in ("dobj", "nsubjpass")]
            owners = [p for o in [*objs, verb] for p in _pobjs_of(o)]
            doers = [*doers, *view.actors(objs), *view.actors(owners)]
    if cue.pos == "noun" and not doers and tok.head.pos_ in ("VERB", "AUX"):
        doers = view.actors(subjects(view, tok.head))
    return _Read(source, [i for i in actor_ids(doers) if i not in lex.un_ids])


def _evaluate(c: _Cue) -> _Read | None:
    view, tok, lex = c.view, c.tok, c.lex
    judged = _judged(tok, lex)
    if judged is None:
        return None
    judges: list[Mention] = _caller(view, tok) or attribution(view, tok, lex)[0]
    held_by = view.actors([judged, *_pobjs_of(judged)])
    if not held_by and tok.dep_ == "amod":
        # "called the move a dangerous expansion of Moscow's war": whose war it widens.
        held_by = view.actors(_pobjs_of(tok.head))
    return _Read(actor_ids(judges), [i for i in actor_ids(held_by) if i not in lex.un_ids])


def _joint(c: _Cue) -> _Read | Roles | None:
    s = c.s
    parties = actor_ids([*s.agent, *s.modifiers, *s.partner, *s.patient, *s.origin], named=c.named)
    if len(parties) == 1:
        # "Russia's eagerness to expand defence cooperation with Pakistan"
        parties += [i for i in actor_ids(_ancestor_parties(c.view, c.tok)) if i not in parties][:1]
    if len(parties) == 1:
        # "Goita said he hoped to expand cooperation in defence": with the party the
        # article has him dealing with (see `complete_roles`).
        c.step("partner-from-document")
        return Roles(parties, [], refers=PARTNERING)
    if len(parties) < 2:
        return None
    return _Read(parties, [])


def _visit(c: _Cue) -> _Read | Roles | None:
    cue, s, view, tok, words = c.cue, c.s, c.view, c.tok, c.lex.words
    first = cue.words[0]
    # "a delegation from its armed forces": who sent the delegation is the visitor.
    source = actor_ids(s.agent or s.modifiers or (s.origin if first == "delegation" else []))
    if first in words.face_to_face and len(source) == 1 and actor_ids(s.patient):
        # "Kim met him at Pyongyang's airport": meeting on your own ground, you are the host.
        here = {m.value for m in view.mentions if m.kind == "actor" and m.ref in ("capital", "place")}
        if source[0] in here and not set(actor_ids(s.patient)) & here:
            c.step("host-on-own-ground")
            return Roles(actor_ids(s.patient), source)
    if not source and s.partner and cue.pos == "noun":
        # "Merz said after talks with Zelensky": the clause's subject held the talks.
        source = [i for i in actor_ids(_ancestor_parties(view, tok)) if i not in actor_ids(s.partner)][:1]
    target = actor_ids(s.patient) or actor_ids(s.partner)
    if first in words.going and first != "attend":
        target = target or actor_ids(s.destination)
    elif first == "attend" and not target and view.filed_in and view.filed_in not in source:
        # "Russia's deputy defence minister attended the ceremony" in a story filed from
        # Yangon: the ceremony's host is where the story happens.
        target = actor_ids(s.destination) or [view.filed_in]
    elif first == "attend" and not target and set(actor_ids(s.destination)) - set(source):
        # "attended the Victory Day parade in Moscow": the ground it was held on hosts it.
        target = actor_ids(s.destination)
    elif len(set(source) | set(target)) < 2:
        return None  # "the G20 summit in New Delhi" names a gathering, not who met whom
    if not target and len(source) >= 2:
        target = []
    elif not target:
        return None
    elif first in words.talking and source == [view.filed_in] and len(target) == 1:
        # "Merz said in Berlin after talks with Zelensky": in a story filed from the
        # speaker's own country, the other party is the visitor.
        c.step("visitor-from-dateline")
        source, target = target, source
    return _Read(source, target)


def _host(c: _Cue) -> _Read | None:
    source = actor_ids(c.s.patient)
    if not source or c.view.weapons([t for t in c.tok.children if t.dep_ in ("dobj", "nsubjpass")]):
        return None  # "received a shipment of Iranian missiles" hosts nobody
    return _Read(source, actor_ids(c.s.agent))


def _deploy(c: _Cue) -> _Read | None:
    s, view, tok = c.s, c.view, c.tok
    # "North Korean units have been deployed to Kursk": the troops' owner sends them.
    source = actor_ids(s.agent or s.modifiers or s.patient)
    target = actor_ids(s.destination)
    if tok.lemma_.lower() == "have":
        # "Iran had military personnel in occupied Ukraine": troops one has somewhere are
        # troops one sent there; "has said", "has 1.3 million troops" tell of no place.
        troops = [o for o in _troop_objects(tok, c.lex) if o.i > tok.i]
        if not troops:
            return None
        places = _pobjs_of(tok, WHERE_PREPS) + [g for o in troops for g in _pobjs_of(o, WHERE_PREPS)]
        target = actor_ids(view.actors(places))
        c.step("troops-held-abroad")
    return _Read(source, target)


def _test(c: _Cue) -> _Read:
    return _Read(actor_ids(c.s.agent or c.s.modifiers), [])


def _deny(c: _Cue) -> _Read | Roles | None:
    s, view, tok, lex = c.s, c.view, c.tok, c.lex
    if any(t.dep_ == "dobj" and t.lemma_.lower() in lex.not_claims for t in tok.children):
        return None  # "would deny entry to ...": a refusal, not a denial of a claim
    source = actor_ids(s.agent)
    target = [i for i in actor_ids(s.patient) if i not in source]
    said = [t for t in tok.children if t.dep_ in ("dobj", "nsubjpass") and t.lower_ in lex.claims]
    if not target:
        # "rejected the accusations by France, Britain and Germany": whose claims they are.
        target = [i for i in actor_ids(view.actors(_pobjs_of(said, ("by", "from")))) if i not in source]
    if source and not target and said:
        c.step("answers-last-claimant")
        return Roles(source, [], answers=True)
    return _Read(source, target)


#: One reader a frame of ``kb/triggers.toml``.
FRAME_READERS: dict[str, _Reader] = {
    "give": _give,
    "get": _get,
    "act_on": _act_on,
    "joint": _joint,
    "visit": _visit,
    "host": _host,
    "deploy": _deploy,
    "test": _test,
    "deny": _deny,
    "supplier": _supplier,
    "customer": _customer,
    "breach": _breach,
    "evaluate": _evaluate,
}


def apply_frame(
    cue: Cue, s: Slots, view: SentenceView, tok: Token, lex: Lexicon, steps: list[str] | None = None
) -> Roles | None:
    """Map slots onto source and target for the cue's frame; None when roles are missing.

    The frame's reader of :data:`FRAME_READERS` reads the parties, then the checks every frame
    shares apply. The names of the special readings that fired go to ``steps``.
    """
    reader = FRAME_READERS.get(cue.frame)
    if reader is None:
        return None
    c = _Cue(cue, s, view, tok, lex, [m.value for m in view.mentions if m.kind == "actor" and m.value], [])
    read = reader(c)
    if isinstance(read, _Read):
        read = _common(c, read.source, [t for t in read.target if t not in read.source])
    if steps is not None:
        steps.extend(c.steps)
    return read


def _common(c: _Cue, source: list[str], target: list[str]) -> Roles | None:
    """The checks every frame shares, once its reader has read the parties."""
    cue, frame, lex = c.cue, c.cue.frame, c.lex
    if frame in TRANSFER_FRAMES:
        # The UN embargoes and inspects arms; it neither sells nor receives them.
        source = [i for i in source if i not in lex.un_ids]
        target = [i for i in target if i not in lex.un_ids]
    if cue.type in SPEECH_ACTS and not source and target and frame in ("act_on", "breach", "evaluate"):
        # "He accused the Security Council": the speaker comes from the document.
        return Roles([], target)
    if frame in TRANSFER_FRAMES:
        return _transfer(c, source, target)
    if cue.type == "sanction" and target and not source:
        return Roles([], target)  # "TSK Vektor was also sanctioned": who sanctions comes from the document
    if source and not target and cue.type == "accusation":
        refers = _deed_referred(c.view, c.tok, cue, lex)
        if refers:
            c.steps.append("judges-a-deed-told")
            return Roles(source, [], refers)
    if not source or (not target and cue.type in TARGET_REQUIRED):
        return None
    return Roles(source, target)


def _transfer(c: _Cue, source: list[str], target: list[str]) -> Roles | None:
    """A transfer frame's last word: a maker or owner for a missing giver, or a weapon that
    ties the cue to a transfer the document already told."""
    view, tok = c.view, c.tok
    if not source and c.cue.frame == "give":
        source = _makers(view, tok, exclude=target)
        if source:
            c.steps.append("from-maker")
    if c.cue.frame == "give" and not source and is_passive_verb(tok):
        # "133 of its tanks had been shipped": the owner of what was shipped sent it.
        source = [i for i in actor_ids(c.s.patient) if i not in target]
        if source:
            c.steps.append("owner-sent-it")
    # One side may come from the document (see `complete_roles`); with neither, a named
    # weapon may still tie the cue to a transfer the document already reported.
    if source or target or any(m.value != "other" for m in view.weapons(clause_scope(tok))):
        return Roles(source, target)
    return None


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
