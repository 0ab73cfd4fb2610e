"""Read typed events from a parsed article.

Input: a :class:`ParsedArticle` (sentences and resolved mentions). Output: the contract's
event records, one per event per document. The stage is a cascade: a sentence reaches
spaCy's parser only when it holds an actor mention and a word that may be a cue, so most
of a news stream never costs a parse.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

from armswatch.events.candidate import Candidate
from armswatch.events.lexicon import Cue, Lexicon, load_lexicon
from armswatch.events.merge import merge_events
from armswatch.events.modality import attribution, factuality
from armswatch.events.roles import Slots, find_slots, subjects
from armswatch.events.sentence import SentenceView
from armswatch.models import Event, Mention, ParsedArticle

# Speech acts are attributed to their speaker (spec, "Conventions").
SPEECH_ACTS = frozenset({"accusation", "demand", "denial", "threat_designation"})
# Types whose record names one recipient (or one supplier) at a time.
SPLIT_TARGETS = frozenset({"arms_transfer", "tech_transfer", "threat_designation"})
SPLIT_SOURCES = frozenset({"arms_transfer", "tech_transfer", "sanction"})
# Types whose records always name who is acted on (spec, "Event types").
TARGET_REQUIRED = frozenset({"accusation", "demand", "sanction", "threat_designation"})
TRANSFER_TYPES = frozenset({"arms_transfer", "tech_transfer"})
# Frames of transfers and deployments: a record needs both a sender and a receiver.
TRANSFER_FRAMES = frozenset({"give", "get", "deploy", "supplier", "customer"})
# Weapons whose firing can be a test; shells and bombs are fired in combat.
TESTABLE = frozenset({"missiles", "rockets", "nuclear", "air_defence", "drones", "satellites"})


class EventExtractor:
    """Reads events from parsed articles; build once per process and reuse."""

    def __init__(
        self,
        nlp: Language,
        *,
        lexicon: Lexicon | None = None,
        cascade: bool = True,
        place_states: Mapping[str, str] | None = None,
        company_states: Mapping[str, str] | None = None,
    ) -> None:
        self.nlp = nlp
        self.lex = lexicon or load_lexicon()
        self.cascade = cascade
        # A region or city stands for its state where a state is meant ("an embargo on Darfur").
        self.place_states = {k.lower(): v for k, v in (place_states or {}).items()}
        # A company is listed with its state ("KOR", "hyundai_rotem"), as the contract asks.
        self.company_states = dict(company_states or {})

    # -- cascade -------------------------------------------------------------------------

    def candidate_sentences(self, parsed: ParsedArticle) -> list[tuple[int, int, list[Mention]]]:
        """Sentences worth parsing: (start, end, mentions inside)."""
        text = parsed.article.text
        by_sentence: dict[int, list[Mention]] = {}
        for m in parsed.mentions:
            if m.kind == "actor" and _is_dateline(text, m):
                continue
            by_sentence.setdefault(m.sentence, []).append(m)
        out = []
        for s in parsed.sentences:
            ms = by_sentence.get(s.index, [])
            if self.cascade:
                if not any(m.kind == "actor" and (m.value or m.members) for m in ms):
                    continue
                if not self.lex.prefilter.matches(text[s.start : s.end]):
                    continue
            out.append((s.start, s.end, ms))
        return out

    def extract(self, parsed: ParsedArticle) -> list[Event]:
        """All events of one article."""
        return next(iter(self.extract_many([parsed])))

    def extract_many(self, articles: Iterable[ParsedArticle], batch_size: int = 64) -> Iterator[list[Event]]:
        """Events of each article, parsing candidate sentences in batches."""
        for parsed in articles:
            sents = self.candidate_sentences(parsed)
            text = parsed.article.text
            docs = self.nlp.pipe((text[a:b] for a, b, _ in sents), batch_size=batch_size)
            ordered = sorted(parsed.mentions, key=lambda m: m.start)
            cands: list[Candidate] = []
            topic: tuple[int, list[Mention]] = (-1, [])
            for (start, end, ms), doc in zip(sents, docs, strict=True):
                earlier = [m for m in ordered if m.end <= start]
                # The previous sentence's subject is who "they"/"he" most likely are.
                follows = topic[0] >= 0 and not text[topic[0] : start].strip()
                view = SentenceView(
                    doc=doc, offset=start, mentions=ms, earlier=earlier, topic=topic[1] if follows else []
                )
                cands.extend(self._read_sentence(view, start, end, parsed))
                topic = (end, view.main_subjects())
            cands = _date_statements(cands, parsed)
            yield merge_events(parsed.article.doc_id, text, complete_roles(cands), self.lex)

    # -- one sentence --------------------------------------------------------------------

    def _read_sentence(
        self, view: SentenceView, start: int, end: int, parsed: ParsedArticle
    ) -> list[Candidate]:
        out: list[Candidate] = []
        doc = view.doc
        used: set[tuple[str, int]] = set()
        for tok in doc:
            for cue, head in self._cues_at(doc, tok):
                if (cue.type, head.i) in used:
                    continue
                if not self._needs_met(view, cue, head):
                    continue
                cand = self._read_cue(view, cue, head, start, end, parsed)
                if cand:
                    used.add((cue.type, head.i))
                    out.extend(cand)
        out.extend(self._made_in(view, start, end))
        return out

    def _cues_at(self, doc: Doc, tok: Token) -> list[tuple[Cue, Token]]:
        """Cues that start at ``tok``, each with its head word (a phrase's noun or first verb)."""
        found: list[tuple[Cue, Token, int]] = []
        for key in {tok.lemma_.lower(), tok.lower_}:
            for cue in self.lex.index.get(key, ()):
                n = len(cue.words)
                window = doc[tok.i : tok.i + n]
                if len(window) != n or not all(
                    w in (t.lemma_.lower(), t.lower_) for w, t in zip(cue.words, window, strict=True)
                ):
                    continue
                head = window[-1] if cue.pos == "noun" else window[0]
                if cue.pos == "noun" and (head.pos_ not in ("NOUN", "PROPN") or head.dep_ == "compound"):
                    continue  # "procurement agency" names an agency, not a procurement
                if cue.pos == "verb" and head.pos_ not in ("VERB", "AUX"):
                    continue
                if cue.pos == "adj" and head.pos_ != "ADJ":
                    continue
                found.append((cue, head, n))
        # Longest phrase first; a phrase cue and its one-word head are one cue.
        found.sort(key=lambda p: -p[2])
        unique: list[tuple[Cue, Token]] = []
        for cue, head, _ in found:
            if (cue.type, cue.frame, head.i) not in {(c.type, c.frame, h.i) for c, h in unique}:
                unique.append((cue, head))
        return unique

    def _needs_met(self, view: SentenceView, cue: Cue, tok: Token) -> bool:
        if not cue.needs:
            return True
        scope = _scope(tok)
        words = {t.lower_ for t in scope} | {t.lemma_.lower() for t in scope}
        bigrams = {f"{a.lower_} {b.lower_}" for a, b in itertools.pairwise(scope)}
        phrase = words | bigrams
        if cue.needs == "weapon":
            return bool(view.weapons(scope))
        if cue.needs == "arms_noun":
            return bool(view.weapons(scope)) or bool(phrase & self.lex.arms_nouns)
        if cue.needs == "tech":
            return bool(phrase & self.lex.tech_nouns)
        if cue.needs == "troops":
            return bool(phrase & self.lex.troop_nouns)
        if cue.needs == "threat":
            return bool(phrase & self.lex.threat_nouns)
        if cue.needs == "military":
            sentence = {t.lower_ for t in view.doc}
            return bool(sentence & self.lex.military_nouns)
        return True

    def _read_cue(
        self, view: SentenceView, cue: Cue, tok: Token, start: int, end: int, parsed: ParsedArticle
    ) -> list[Candidate]:
        slots = find_slots(view, tok, cue.pos)
        if slots.holder and not self._holds(tok):
            slots.holder = []  # "defeated the drones sent by Pakistan": no one received them
        if cue.type == "sanction" and not (slots.patient or slots.on):
            slots.on = self._places_as_states(view, tok)
        roles = _apply_frame(cue, slots, view, tok, self.lex)
        if roles is None:
            return []
        source, target = self._with_states(roles[0]), self._with_states(roles[1])
        fact = factuality(view, tok, self.lex, slots.governor)
        if cue.type in SPEECH_ACTS and fact == "possible" and cue.frame != "evaluate":
            # The accusation or demand was made; a hedge inside what it says ("would
            # potentially be a violation") qualifies the content, not the act.
            fact = "certain"
        hedged_cue = cue.type not in SPEECH_ACTS and tok.lemma_.lower() in self.lex.hedge_verbs
        if fact == "certain" and (cue.cap == "possible" or hedged_cue):
            fact = "possible"  # "is eyeing Russian technology", "offered training"
        if cue.type in TRANSFER_TYPES:
            if fact == "possible" and cue.cap != "possible" and self._signed(view):
                fact = "certain"  # a signed contract or an agreed sale (spec)
            elif fact == "certain" and _claimed(tok, self.lex):
                fact = "possible"  # "claims that Tehran had shipped missiles were wrong"
        if cue.type == "denial" and fact == "negated":
            return []
        speakers, framed = attribution(view, tok, self.lex)
        attributed: str | None = _first_id(speakers) if framed else None
        if cue.type in SPEECH_ACTS and attributed is None and not framed:
            attributed = source[0] if source else None
        weapons = self._weapons(view, cue, tok)
        if cue.type == "weapons_test" and (not (set(weapons) & TESTABLE) or self._in_combat(view, tok)):
            return []
        date = _date(view, tok)
        location = _location(view, tok)
        conf = 0.55 + (0.15 if cue.pos == "verb" else 0.0) + (0.1 if target else 0.0)
        partial = (
            (not (source and target) and cue.frame in TRANSFER_FRAMES)
            or (not source and cue.type in SPEECH_ACTS)
            or (not source and cue.type == "sanction")
        )
        if partial:
            conf -= 0.15
        out = []
        for src, tgt in _split(cue.type, source, target):
            out.append(
                Candidate(
                    type=cue.type,
                    source=src,
                    target=tgt,
                    weapons=weapons,
                    factuality=fact,
                    attributed_to=attributed,
                    date=date,
                    location=location,
                    sentence_start=start,
                    sentence_end=end,
                    trigger=tok.text,
                    rule=f"{cue.type}:{cue.frame}:{cue.pos}:{' '.join(cue.words)}",
                    confidence=round(min(conf, 0.95), 2),
                    partial=partial,
                )
            )
        return out

    def _with_states(self, ids: list[str]) -> list[str]:
        out: list[str] = []
        for i in ids:
            state = self.company_states.get(i)
            if state and state not in out and state not in ids:
                out.append(state)
            if i not in out:
                out.append(i)
        return out

    def _holds(self, participle: Token) -> bool:
        """Whether the verb over a participle's noun ("fired missiles supplied by") holds it."""
        noun = participle.head
        while noun.dep_ in ("pobj", "prep", "conj", "appos") and noun.head is not noun:
            noun = noun.head
        return noun.head.lemma_.lower() in self.lex.holding_verbs

    def _signed(self, view: SentenceView) -> bool:
        """Whether the sentence tells of a deal being signed (not planned or sought)."""
        for t in view.doc:
            if t.lemma_.lower() not in self.lex.signing_verbs or t.pos_ != "VERB":
                continue
            if any(c.dep_ == "neg" or c.lower_ in self.lex.modals for c in t.children):
                continue
            deal = (
                t.head
                if t.dep_ == "acl"
                else next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
            )
            if deal is not None and deal.lemma_.lower() in self.lex.deal_nouns:
                return True
        return False

    def _in_combat(self, view: SentenceView, tok: Token) -> bool:
        """A firing aimed at something, or told among combat words, is a strike, not a test."""
        if tok.lemma_.lower() in ("test", "test-fire", "test-launch") or "test" in tok.lower_:
            return False
        if any(c.dep_ == "prep" and c.lower_ in ("at", "against") for c in tok.children):
            return True
        # Fired into another party's land ("deep into Russian territory", "in Ukraine's
        # Zaporizhzhia region"): a strike. A test names no one but the tester.
        doers = {m.value for c in tok.children if c.dep_ == "nsubj" for m in view.actors([c])}
        heads = [tok, *(c for c in tok.children if c.dep_ in ("dobj", "conj"))]
        aimed = [
            c
            for h in heads
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in ("at", "against", "into", "on", "in", "toward", "towards")
        ]
        struck = {m.value for p in aimed for t in p.subtree for m in view.mentions_at(t, "actor") if m.value}
        if struck - doers:
            return True
        return any(t.lower_ in self.lex.combat_words for t in view.doc)

    def _made_in(self, view: SentenceView, start: int, end: int) -> list[Candidate]:
        """Transfers implied by a maker's weapon in another party's hands."""
        out: list[Candidate] = []
        for tok in view.doc:
            if tok.lemma_.lower() not in self.lex.use_verbs or tok.pos_ != "VERB":
                continue
            users = _ids(view.actors([c for c in tok.children if c.dep_ == "nsubj"]))
            if _is_passive_verb(tok):
                users = _ids(view.actors(_pobjs_by(tok)))
                objs = [c for c in tok.children if c.dep_ == "nsubjpass"]
            else:
                objs = [c for c in tok.children if c.dep_ == "dobj"]
            if any(u.islower() for u in users):
                # "Sudan's Rapid Support Forces": the armed group, not its country, holds them.
                users = [u for u in users if u.islower()]
            for obj in objs:
                weapons = view.weapons([obj])
                makers = [
                    m.value
                    for t in obj.subtree
                    if t.dep_ in ("amod", "compound", "nmod", "npadvmod") or t.i == obj.i
                    for m in view.mentions_at(t, "actor")
                    if m.value and (m.ref == "demonym" or self._maker_suffix(t))
                ]
                for maker in dict.fromkeys(makers):
                    for user in users:
                        if user == maker or not weapons:
                            continue
                        out.append(
                            Candidate(
                                type="arms_transfer",
                                source=(maker,),
                                target=(user,),
                                weapons=tuple(dict.fromkeys(m.value for m in weapons if m.value)),
                                factuality=factuality(view, tok, self.lex),
                                attributed_to=_first_id(attribution(view, tok, self.lex)[0]),
                                date=_date(view, tok),
                                location=None,
                                sentence_start=start,
                                sentence_end=end,
                                trigger=tok.text,
                                rule="arms_transfer:made_in:verb:" + tok.lemma_.lower(),
                                confidence=0.6,
                            )
                        )
        return out

    def _maker_suffix(self, tok: Token) -> bool:
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        pair = f"{nxt.text}{nxt.nbor(1).text}".lower() if nxt is not None and nxt.i + 1 < len(tok.doc) else ""
        return any(pair.startswith(s) for s in self.lex.maker_suffixes)

    def _places_as_states(self, view: SentenceView, tok: Token) -> list[Mention]:
        """Place mentions in the cue's "on"/"against" phrase, as mentions of their state."""
        out: list[Mention] = []
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("on", "against", "in"):
                continue
            for t in prep.subtree:
                for m in view.mentions_at(t, "place"):
                    state = self.place_states.get((m.value or m.text).lower())
                    if state and all(o.start != m.start for o in out):
                        out.append(dataclasses.replace(m, kind="actor", value=state))
        return out

    def _weapons(self, view: SentenceView, cue: Cue, tok: Token) -> tuple[str, ...]:
        if cue.type not in ("arms_transfer", "tech_transfer", "weapons_test"):
            return ()
        cats: list[str] = []
        # Technology is named around the deal, not inside it ("Khan, the founder of Pakistan's
        # nuclear programme, traded knowledge"): the whole sentence says what it was for.
        scope = list(view.doc) if cue.type == "tech_transfer" else _scope(tok)
        for m in view.weapons(scope):
            if m.value == "other" and m.ref == "generic":
                continue  # "weapons", "arms": a transfer of no named category
            if m.value and m.value not in cats:
                cats.append(m.value)
        return tuple(cats)


_DATELINE_END = re.compile(r"\s*(?:,\s*[A-Z][\w .]*)?\s*[—–:-]\s")


def _is_dateline(text: str, m: Mention) -> bool:
    """ "BEIJING —", "New Delhi:" open a story: they say where it was filed, nobody acts."""
    if m.start > 0 and text[m.start - 1] != "\n":
        return False
    return bool(_DATELINE_END.match(text, m.end))


def complete_roles(cands: Sequence[Candidate]) -> list[Candidate]:
    """Fill a transfer's missing sender or receiver from the document's other transfers.

    "Washington would keep providing Iron Dome interceptors" names no receiver; when the
    article has already said the United States arms Israel, that is the receiver. A
    partial candidate with no such partner in the document is dropped.
    """
    complete = [c for c in cands if not c.partial]
    out: list[Candidate] = []
    for c in cands:
        if c.type == "denial" and not c.partial and not c.target:
            c = dataclasses.replace(c, target=_accuser(c, complete))
        if not c.partial:
            out.append(c)
            continue
        if c.type in SPEECH_ACTS:
            # The last party the article quoted is who goes on speaking.
            said = [k for k in complete if k.sentence_start <= c.sentence_start and (k.attributed_to)]
            speaker = said[-1].attributed_to if said else None
            if speaker and speaker not in c.target:
                out.append(dataclasses.replace(c, source=(speaker,), attributed_to=speaker, partial=False))
            continue
        family = [
            k
            for k in complete
            if (k.type == c.type or {k.type, c.type} <= TRANSFER_TYPES)
            and ((c.source and set(c.source) & set(k.source)) or (c.target and set(c.target) & set(k.target)))
        ]
        if not c.source and not c.target:
            # "The aircraft were ordered under a contract signed in 2018": the jets the
            # article already said were bought.
            family = [
                k
                for k in complete
                if k.type == c.type
                and k.sentence_start < c.sentence_start
                and set(k.weapons) & set(c.weapons)
            ]
        if not family and c.type == "sanction" and c.target:
            # "... were also sanctioned": the authority the article already named goes on.
            family = [k for k in complete if k.type == "sanction" and k.sentence_start < c.sentence_start]
        if not family:
            continue
        before = [k for k in family if k.sentence_start <= c.sentence_start]
        partner = before[-1] if before else family[0]
        source = c.source or partner.source
        target = c.target or tuple(t for t in partner.target if t not in source)
        if source and target:
            out.append(dataclasses.replace(c, source=source, target=target, partial=False))
    return out


def _date_statements(cands: Sequence[Candidate], parsed: ParsedArticle) -> list[Candidate]:
    """Statements reported as the article's own news, with no time of their own, take the
    date of the news: the lead's day when it names one, else the publication month (spec)."""
    published = parsed.article.published
    if not published:
        return list(cands)
    lead = next(
        (
            m.value
            for m in sorted(parsed.mentions, key=lambda m: m.start)
            if m.kind == "time"
            and m.value
            and len(m.value) == 10
            and m.value <= published
            and m.sentence <= 1
        ),
        None,
    )
    news = lead or published[:7]
    # The lead paragraph is the article's own news: its undated events happened then too.
    lead_end = next((s.end for s in parsed.sentences if s.index == 1), 0)
    return [
        dataclasses.replace(c, date=news)
        if c.date is None and (c.type in SPEECH_ACTS or c.sentence_start < lead_end)
        else c
        for c in cands
    ]


def _claimed(tok: Token, lex: Lexicon) -> bool:
    """Whether the cue sits in the that-clause of a claim ("allegations that X sent ...")."""
    node = tok
    for _ in range(6):
        if node.head is node:
            return False
        if node.dep_ in ("acl", "ccomp", "relcl") and node.head.lower_ in lex.claim_nouns:
            return True
        node = node.head
    return False


def _accuser(denial: Candidate, earlier: Sequence[Candidate]) -> tuple[str, ...]:
    """Who made the claim a denial rejects: the last party that accused the denier of it."""
    deniers = set(denial.source)
    for k in reversed([k for k in earlier if k.sentence_start <= denial.sentence_start]):
        if k.type in SPEECH_ACTS and k.type != "denial" and deniers & set(k.target):
            return tuple(s for s in k.source if s not in deniers)
        if k.attributed_to and k.attributed_to not in deniers and deniers & set(k.source):
            return (k.attributed_to,)
    return ()


def _scope(tok: Token) -> list[Token]:
    """The clause a cue speaks about: its own subtree, or its governing verb's for nouns."""
    if tok.dep_ == "acl":
        # "missiles supplied by North Korea": the participle speaks about its noun.
        return [tok.head, *tok.subtree]
    head = tok
    if tok.pos_ in ("NOUN", "PROPN"):
        up = tok
        for _ in range(3):
            if up.head is up:
                break
            up = up.head
            if up.pos_ in ("VERB", "AUX"):
                head = up
                break
    return list(head.subtree)


def _ids(mentions: Sequence[Mention], *, named: Sequence[str] = ()) -> list[str]:
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


def _first_id(mentions: Sequence[Mention]) -> str | None:
    for m in mentions:
        if m.value:
            return m.value
        if m.members:
            return m.members[0]
    return None


_CALLING = frozenset({"call", "describe", "brand", "label", "term", "consider", "deem"})


def _threat_count(view: SentenceView, lex: Lexicon) -> int:
    return sum(1 for t in view.doc if t.lower_ in lex.threat_nouns or t.lemma_.lower() in lex.threat_nouns)


def _ancestor_parties(view: SentenceView, tok: Token) -> list[Mention]:
    """Actors that own the clause above a cue: subjects and possessors of its ancestors."""
    out: list[Mention] = []
    up = tok
    for _ in range(5):
        if up.head is up:
            break
        up = up.head
        for child in up.children:
            if child.dep_ in ("nsubj", "nsubjpass", "poss") and child.i != tok.i:
                out.extend(m for m in view.actors([child]) if m not in out)
        if out:
            break
    return out


def _judged(adj: Token) -> Token | None:
    """What a blaming adjective is said of: "X was irresponsible", "called X illegal",
    "described X as a dangerous escalation", "X was an illegitimate step"."""
    head = adj
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    if head.dep_ == "amod" and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # the judging noun phrase stands where the adjective would
    if head.dep_ == "pobj" and head.head.lower_ == "as":
        head = head.head  # "described X as unacceptable": "as" completes the verb
        if head.head.lemma_.lower() in _CALLING:
            objs = [c for c in head.head.children if c.dep_ == "dobj"]
            return objs[0] if objs else None
        return None
    verb = head.head
    if head.dep_ == "acomp" and verb.lemma_ in ("be", "remain", "seem", "appear"):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subj[0] if subj else None
    if head.dep_ == "attr" and verb.lemma_ in ("be", "remain"):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return subj[0] if subj else None
    if head.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "dobj") and verb.lemma_.lower() in _CALLING:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        return objs[0] if objs else None
    return None


def _caller_verb(tok: Token) -> Token | None:
    """The verb of "called/described X a violation" that ``tok`` completes, if any."""
    head = tok
    while head.dep_ in ("conj", "amod") and head.head is not head:
        head = head.head
    if head.dep_ in ("oprd", "attr", "pobj", "dobj", "acomp", "ccomp", "xcomp") and head.head.pos_ in (
        "VERB",
        "AUX",
        "ADP",
    ):
        verb = head.head if head.head.pos_ != "ADP" else head.head.head
        if verb.lemma_.lower() in _CALLING:
            return verb
    return None


def _pobjs_by(tok: Token) -> list[Token]:
    return [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _pobjs_of(tok: Token) -> list[Token]:
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "of") for g in c.children]


def _caller(view: SentenceView, tok: Token) -> list[Mention]:
    """Who calls something a breach: the subject of "called/described X a violation"."""
    verb = _caller_verb(tok)
    return view.actors(subjects(view, verb)) if verb is not None else []


def _apply_frame(
    cue: Cue, s: Slots, view: SentenceView, tok: Token, lex: Lexicon
) -> tuple[list[str], list[str]] | None:
    """Map slots onto (source, target) for the cue's frame; None when roles are missing."""
    frame = cue.frame
    named = [m.value for m in view.mentions if m.kind == "actor" and m.value]
    if frame == "give":
        source = _ids(s.agent or s.modifiers)
        target = _ids(s.recipient) or _ids(s.holder) or _ids([m for m in s.patient if m.value or m.members])
        if not target and cue.pos == "noun":
            target = _ids(s.destination)
        if not target:
            target = _ids(s.partner)  # "traded technology with Iran"
    elif frame == "get":
        target = _ids(s.agent or s.holder or (s.modifiers if cue.pos == "noun" else []))
        source = _ids(s.origin) or _makers(view, tok, exclude=target)
    elif frame == "act_on":
        source = _ids(s.agent or s.modifiers, named=named)
        target = _ids(s.patient) or _ids(s.on) or _ids(s.recipient) or _ids(s.patient_parties)
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
            target = _ids(direct) or _ids(s.on) or _ids(s.recipient) or _ids(view.actors(told))
        if cue.type == "threat_designation" and (not target or _threat_count(view, lex) > 1):
            # "described China as the pacing challenge, Russia as an acute threat and ..."
            later = view.actors([t for t in tok.subtree if t.i > tok.i], resolve_pronouns=False)
            target = target + [i for i in _ids(later) if i not in target]
        if cue.type == "sanction" and not target and s.governor is not None and not s.agent:
            # "X has long been subject to UN sanctions", "X was placed under Chinese sanctions"
            held = [c for c in s.governor.children if c.dep_ in ("nsubj", "nsubjpass")]
            target = _ids(view.actors(held or subjects(view, s.governor)))

    elif frame == "supplier":
        source = _ids(_copula_subject(view, tok))
        if not source:
            return None  # "defence sources said": a supplier noun counts only as "X is ..."
        target = _ids([*[m for m in s.agent], *s.recipient])
    elif frame == "customer":
        target = _ids(_copula_subject(view, tok))
        if not target:
            return None
        source = _ids([*s.agent, *s.origin])
    elif frame == "breach":
        # "the US sales violated the one-China principle, the ministry said": the speaker
        # accuses whoever did what is called a breach.
        speakers, _ = attribution(view, tok, lex)
        called = _caller(view, tok)
        source = _ids(called or speakers)
        doers = s.agent if cue.pos == "verb" else [*s.agent, *s.modifiers, *s.patient]
        if called and cue.pos == "noun":
            # "called the launch by North Korea a violation": whose launch it was.
            verb = _caller_verb(tok)
            if verb is not None:
                objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
                owners = [p for o in [*objs, verb] for p in _pobjs_of(o)]
                doers = [*doers, *view.actors(objs), *view.actors(owners)]
        if cue.pos == "noun" and not doers and tok.head.pos_ in ("VERB", "AUX"):
            doers = view.actors(subjects(view, tok.head))
        target = [i for i in _ids(doers) if i not in ("UN", "UNSC")]
    elif frame == "evaluate":
        judged = _judged(tok)
        if judged is None:
            return None
        judges: list[Mention] = _caller(view, tok) or attribution(view, tok, lex)[0]
        source = _ids(judges)
        held_by = view.actors([judged, *_pobjs_of(judged)])
        target = [i for i in _ids(held_by) if i not in ("UN", "UNSC")]
    elif frame == "joint":
        parties = _ids([*s.agent, *s.modifiers, *s.partner, *s.patient, *s.origin], named=named)
        if len(parties) == 1:
            # "Russia's eagerness to expand defence cooperation with Pakistan"
            parties += [i for i in _ids(_ancestor_parties(view, tok)) if i not in parties][:1]
        source, target = parties, []
        if len(parties) < 2:
            return None
    elif frame == "visit":
        source = _ids(s.agent or s.modifiers)
        if cue.words[0] in ("meet", "talk", "hold") and len(source) == 1 and _ids(s.patient):
            # "Kim met him at Pyongyang's airport": meeting on your own ground, you are the host.
            here = {m.value for m in view.mentions if m.kind == "actor" and m.ref in ("capital", "place")}
            if source[0] in here and not set(_ids(s.patient)) & here:
                source, target = _ids(s.patient), source
                return source, target
        if not source and s.partner and cue.pos == "noun":
            # "Merz said after talks with Zelensky": the clause's subject held the talks.
            source = [i for i in _ids(_ancestor_parties(view, tok)) if i not in _ids(s.partner)][:1]
        target = _ids(s.patient) or _ids(s.partner)
        if cue.words[0] in ("visit", "travel", "trip"):
            target = target or _ids(s.destination)
        elif len(set(source) | set(target)) < 2:
            return None  # "the G20 summit in New Delhi" names a gathering, not who met whom
        if not target and len(source) >= 2:
            target = []
        elif not target:
            return None
    elif frame == "host":
        source = _ids(s.patient)
        target = _ids(s.agent)
        if not source:
            return None
    elif frame == "deploy":
        # "North Korean units have been deployed to Kursk": the troops' owner sends them.
        source = _ids(s.agent or s.modifiers or s.patient)
        target = _ids(s.destination)
    elif frame == "test":
        source, target = _ids(s.agent or s.modifiers), []
    elif frame == "deny":
        if any(c.dep_ == "dobj" and c.lemma_.lower() in lex.not_claims for c in tok.children):
            return None  # "would deny entry to ...": a refusal, not a denial of a claim
        source = _ids(s.agent)
        target = [i for i in _ids(s.patient) if i not in source]
    else:
        return None
    target = [t for t in target if t not in source]
    if cue.type in SPEECH_ACTS and not source and target and frame == "act_on":
        # "He accused the Security Council": the speaker comes from the document.
        return [], target
    if frame in TRANSFER_FRAMES:
        if not source and frame == "give":
            source = _makers(view, tok, exclude=target)
        if frame == "give" and not source and _is_passive_verb(tok):
            # "133 of its tanks had been shipped": the owner of what was shipped sent it.
            source = [i for i in _ids(s.patient) if i not in target]
        # One side may come from the document (see `complete_roles`); with neither, a named
        # weapon may still tie the cue to a transfer the document already reported.
        if source or target or any(m.value != "other" for m in view.weapons(_scope(tok))):
            return source, target
        return None
    if cue.type == "sanction" and target and not source:
        return [], target  # "TSK Vektor was also sanctioned": who sanctions comes from the document
    if not source or (not target and cue.type in TARGET_REQUIRED):
        return None
    return source, target


def _is_passive_verb(tok: Token) -> bool:
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
        for m in view.weapons(_scope(tok)):
            maker = m.ref.removeprefix("maker:") if m.ref.startswith("maker:") else ""
            if maker and maker not in exclude and maker not in out:
                out.append(maker)
    return out


def _copula_subject(view: SentenceView, noun: Token) -> list[Mention]:
    """The subject of "X is/remains <noun>" ("Russia remains the junta's main supplier")."""
    head = noun
    while head.dep_ in ("conj", "appos") and head.head is not head:
        head = head.head
    if head.dep_ in ("attr", "oprd") and head.head.lemma_ in ("be", "remain", "become", "stay"):
        return view.actors(subjects(view, head.head))
    if head.dep_ == "pobj" and head.head.lower_ == "as":
        # "India has emerged as one of Armenia's leading suppliers"
        verb = head.head.head
        if verb.lemma_ in ("emerge", "serve", "act", "remain", "become", "rank"):
            return view.actors(subjects(view, verb))
    return []


def _split(etype: str, source: list[str], target: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
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


def _date(view: SentenceView, tok: Token) -> str | None:
    """The time expression that governs the cue: the one in its own clause, else the
    nearest one up the tree (a statement's "said on Thursday" dates the news it reports)."""
    times = [m for m in view.of_kind("time") if m.value and m.ref != "duration"]
    if not times:
        return None
    here = view.char(tok)
    node = tok
    for _ in range(8):
        span = (view.char(node.left_edge), view.char(node.right_edge) + len(node.right_edge.text))
        inside = [m for m in times if span[0] <= m.start and m.end <= span[1]]
        if inside:
            return min(inside, key=lambda m: abs(m.start - here)).value
        if node.head is node:
            break
        node = node.head
    return min(times, key=lambda m: abs(m.start - here)).value


def _location(view: SentenceView, tok: Token) -> str | None:
    places = [m for m in view.of_kind("place") if m.value]
    if not places:
        return None
    here = view.char(tok)
    return min(places, key=lambda m: abs(m.start - here)).text
