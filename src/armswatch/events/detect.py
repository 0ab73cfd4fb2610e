"""Read typed events from a parsed article.

Input: a :class:`ParsedArticle` (sentences and resolved mentions). Output: the contract's
event records, one per event per document. The stage is a cascade: a sentence reaches
spaCy's parser only when it holds an actor (or weapon) mention and a word that may be a
cue, so most of a news stream never costs a parse.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Token

from armswatch.events.adjust import Reading, adjust_attribution, adjust_factuality, trail
from armswatch.events.binding import un_binding
from armswatch.events.candidate import Candidate
from armswatch.events.clauses import (
    addresses_gathering,
    banned,
    may,
    own_clause,
    own_phrase,
    purposes,
    weapons_in,
)
from armswatch.events.dating import date_statements, event_location, event_time, habitual
from armswatch.events.discourse import complete_roles
from armswatch.events.frames import (
    actor_ids,
    apply_frame,
    by_objects,
    clause_scope,
    first_actor_id,
    is_passive_verb,
    split_parties,
)
from armswatch.events.kinds import SPEECH_ACTS, TESTABLE, TRANSFER_FRAMES, TRANSFER_TYPES
from armswatch.events.learned import LearnedWords, RelationModel, shipped_model
from armswatch.events.lexicon import Cue, Lexicon, lexicon_of, load_lexicon
from armswatch.events.merge import merge_events
from armswatch.events.modality import attribution, factuality
from armswatch.events.roles import Slots, find_slots, subjects
from armswatch.events.sentence import SentenceView
from armswatch.events.venue import host_by_venue, residents, venue_states, venue_tokens
from armswatch.models import Event, Mention, ParsedArticle

if TYPE_CHECKING:
    from armswatch.kb import KB


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
        force_states: Mapping[str, str] | None = None,
        relations: RelationModel | None = None,
        actor_kinds: Mapping[str, str] | None = None,
    ) -> None:
        self.nlp = nlp
        self.lex = lexicon or load_lexicon()
        self.cascade = cascade
        # A region or city stands for its state where a state is meant ("an embargo on Darfur").
        self.place_states = {k.lower(): v for k, v in (place_states or {}).items()}
        # A company is listed with its state ("KOR", "hyundai_rotem"), as the contract asks.
        self.company_states = dict(company_states or {})
        # Armed forces that belong to a state ("Wagner", "the Africa Corps"): where they operate
        # is where that state has sent them.
        self.force_states = dict(force_states or {})
        # The learned reader proposes what no cue told ("hosts US and French bases").
        self.relations = relations
        self.actor_kinds = dict(actor_kinds or {})
        self.learned_words = LearnedWords.from_lexicon(self.lex)

    @classmethod
    def from_kb(cls, kb: KB, nlp: Language, *, cascade: bool = True, learned: bool = True) -> EventExtractor:
        """The extractor the pipeline runs: the KB's cues (overlay merged in) and the states of
        its places, companies and forces."""
        return cls(
            nlp,
            lexicon=lexicon_of(kb),
            cascade=cascade,
            place_states={p.name: p.state for p in kb.places if p.state},
            company_states={a.id: a.state for a in kb.actors.values() if a.kind == "company" and a.state},
            force_states={a.id: a.state for a in kb.actors.values() if a.kind == "group" and a.state},
            relations=shipped_model() if learned else None,
            actor_kinds={a.id: a.kind for a in kb.actors.values()},
        )

    # -- cascade -------------------------------------------------------------------------

    def candidate_sentences(self, parsed: ParsedArticle) -> list[tuple[int, int, list[Mention]]]:
        """Sentences worth parsing: (start, end, mentions inside)."""
        text = parsed.article.text
        by_sentence: dict[int, list[Mention]] = {}
        for m in parsed.mentions:
            if m.kind in ("actor", "place") and _is_dateline(text, m):
                continue  # where the story was filed, not where its events happened
            by_sentence.setdefault(m.sentence, []).append(m)
        out = []
        for s in parsed.sentences:
            ms = by_sentence.get(s.index, [])
            if self.cascade:
                # A weapon may stand for its actor: "The aircraft were ordered in 2018" tells of
                # the transfer the article has already named.
                if not any((m.kind == "actor" and (m.value or m.members)) or m.kind == "weapon" for m in ms):
                    continue
                named = sum(
                    1 for m in ms if m.kind == "place" or (m.kind == "actor" and (m.value or m.members))
                )
                armed = any(m.kind == "weapon" for m in ms)
                # A state's armed force may be the troops a deployment cue needs ("Wagner was
                # operating in the country").
                forces = any(m.kind == "actor" and m.value in self.force_states for m in ms)
                if not self.lex.prefilter.matches(text[s.start : s.end], named, armed) and not forces:
                    continue
            out.append((s.start, s.end, ms))
        return out

    def extract(self, parsed: ParsedArticle) -> list[Event]:
        """All events of one article."""
        return next(iter(self.extract_many([parsed])))

    def extract_many(self, articles: Iterable[ParsedArticle], batch_size: int = 64) -> Iterator[list[Event]]:
        """Events of each article, parsing candidate sentences in batches."""
        for parsed in articles:
            parses: dict[int, Doc] = {}
            rules = self.rule_candidates(parsed, batch_size=batch_size, parses=parses)
            cands = complete_roles(date_statements(rules, parsed))
            if self.relations is not None:
                # The learned reader sees the rules' reading complete (targets found across
                # sentences), and its events are dated the way the rules' are.
                learned = self.relations.propose(
                    parsed,
                    cands,
                    parses=parses,
                    kinds=self.actor_kinds,
                    words=self.learned_words,
                    company_states=self.company_states,
                    skip=functools.partial(_is_dateline, parsed.article.text),
                )
                cands.extend(date_statements([*cands, *learned], parsed)[len(cands) :])
            yield merge_events(parsed.article.doc_id, parsed.article.text, cands)

    def rule_candidates(
        self, parsed: ParsedArticle, batch_size: int = 64, parses: dict[int, Doc] | None = None
    ) -> list[Candidate]:
        """What the cue rules read in one article, before the learned reader and the merge.

        ``parses``, when given, receives the parse of each sentence read, by its start offset.
        """
        sents = self.candidate_sentences(parsed)
        text = parsed.article.text
        docs = self.nlp.pipe((text[a:b] for a, b, _ in sents), batch_size=batch_size)
        ordered = sorted(parsed.mentions, key=lambda m: m.start)
        filed_in = self._filed_in(text, ordered)
        cands: list[Candidate] = []
        topic: tuple[int, list[Mention]] = (-1, [])
        for (start, end, ms), doc in zip(sents, docs, strict=True):
            if parses is not None:
                parses[start] = doc
            earlier = [m for m in ordered if m.end <= start]
            # The previous sentence's subject is who "they"/"he" most likely are.
            follows = topic[0] >= 0 and not text[topic[0] : start].strip()
            view = SentenceView(
                doc=doc,
                offset=start,
                mentions=ms,
                earlier=earlier,
                topic=topic[1] if follows else [],
                filed_in=filed_in,
                lex=self.lex,
            )
            cands.extend(self._read_sentence(view, start, end, parsed))
            topic = (end, view.main_subjects())
        return cands

    def _filed_in(self, text: str, mentions: Sequence[Mention]) -> str | None:
        """The state of the story's dateline ("YANGON —", "BEIJING —"), if it has one."""
        for m in mentions:
            if m.kind in ("actor", "place") and m.value and _is_dateline(text, m):
                return m.value if m.kind == "actor" else self.place_states.get(m.value.lower())
        return None

    # -- one sentence --------------------------------------------------------------------

    def _read_sentence(
        self, view: SentenceView, start: int, end: int, parsed: ParsedArticle
    ) -> list[Candidate]:
        out: list[Candidate] = []
        doc = view.doc
        used: set[tuple[str, int]] = set()
        found = [(cue, head, tok.i) for tok in doc for cue, head in self._cues_at(doc, tok)]
        # A phrase cue that reads an event owns its words: "took delivery" is a receipt, not a
        # "delivery" by the receiver. Phrases go first; their words then cue nothing else.
        found.sort(key=lambda f: -len(f[0].words))
        covered: set[tuple[str, int]] = set()
        for cue, head, first in found:
            if (cue.type, head.i) in used or (len(cue.words) == 1 and (cue.type, head.i) in covered):
                continue
            if not self._needs_met(view, cue, head):
                continue
            cand = self._read_cue(view, cue, head, start, end, parsed)
            if cand:
                used.add((cue.type, head.i))
                covered.update((cue.type, i) for i in range(first, first + len(cue.words)))
                out.extend(cand)
        out.extend(self._made_in(view, start, end))
        out.extend(un_binding(view, out, start, end, lambda i: self.company_states.get(i, i), self.lex))
        # "resolutions that prohibit the transfer of arms to North Korea": the transfer tells
        # whom the ban binds, but it is a ban, not a transfer.
        return [c for c in out if not c.forbidden]

    def _cues_at(self, doc: Doc, tok: Token) -> list[tuple[Cue, Token]]:
        """Cues that start at ``tok``, each with its head word (a phrase's noun or first verb)."""
        found: list[tuple[Cue, Token, int]] = []
        for key in dict.fromkeys((tok.lower_, tok.lemma_.lower())):  # ordered: stable rule names
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
        scope = clause_scope(tok)
        weapons = view.weapons(scope)
        if cue.pos == "verb" and cue.type in TRANSFER_TYPES:
            for_use = purposes(tok)
            scope = [t for t in scope if t.i not in for_use]
            inside = {(m.start, m.end) for i in for_use for m in view.mentions_at(view.doc[i], "weapon")}
            weapons = [m for m in weapons if (m.start, m.end) not in inside]
        words = {t.lower_ for t in scope} | {t.lemma_.lower() for t in scope}
        bigrams = {f"{a.lower_} {b.lower_}" for a, b in itertools.pairwise(scope)}
        phrase = words | bigrams
        if cue.needs == "weapon":
            return bool(weapons)
        if cue.needs == "arms_noun":
            return bool(weapons) or bool(phrase & self.lex.arms_nouns)
        if cue.needs == "tech":
            return bool(phrase & self.lex.tech_nouns)
        if cue.needs == "troops":
            # "the Rapid Support Forces" names a party, not troops being sent.
            free = [t for t in scope if not view.mentions_at(t, "actor")]
            words = {t.lower_ for t in free} | {t.lemma_.lower() for t in free}
            words |= {f"{a.lower_} {b.lower_}" for a, b in itertools.pairwise(free)}
            return bool(words & self.lex.troop_nouns) or self._force_acts(view, tok)
        if cue.needs == "helped":
            # "helping Russia develop long-range drones": the helper passes on the know-how.
            return (
                tok.dep_ in ("ccomp", "xcomp")
                and tok.head.lemma_.lower() in self.lex.words.helping
                and bool(view.weapons([tok]))
            )
        if cue.needs == "operated":
            # "training for crews operating K2 tanks": training to operate a weapon (spec).
            return any(
                t.lemma_.lower() in self.lex.use_verbs and t.pos_ == "VERB" and view.weapons([t])
                for t in scope
            )
        if cue.needs == "threat":
            return bool(phrase & self.lex.threat_nouns)
        if cue.needs == "military":
            sentence = {t.lower_ for t in view.doc}
            return bool(sentence & self.lex.military_nouns)
        return True

    def _read_cue(
        self, view: SentenceView, cue: Cue, tok: Token, start: int, end: int, parsed: ParsedArticle
    ) -> list[Candidate]:
        """Candidates of one cue: its slots, its frame's parties, then the adjustments of
        :mod:`armswatch.events.adjust`; every step that fires joins the rule trail."""
        steps: list[str] = []
        slots = self._slots(view, cue, tok)
        venue: list[str] = []
        if cue.type == "meeting":
            venue = venue_states(view, venue_tokens(tok, slots.governor), self.place_states)
            if cue.needs == "venue" and (not venue or addresses_gathering(tok, self.lex)):
                return []
            if cue.words[0] in self.lex.words.going and not slots.destination and venue:
                # "where he was on a state visit", "watched trials at the Pokhran range":
                # where a visitor was is whom they visited.
                slots.destination = self._as_actors(view, venue[:1])
                steps.append("visited-venue")
        roles = apply_frame(cue, slots, view, tok, self.lex, steps)
        if roles is None:
            return []
        source, target = self._with_states(roles.source), self._with_states(roles.target)
        if cue.frame == "deploy":
            source, target = self._deployed(view, tok, source, target, steps)
        if cue.type == "meeting" and cue.words[0] in self.lex.words.talks:
            met = self._met(view, cue, slots, source, target, venue, steps)
            if met is None:
                return []
            source, target = met
        if cue.type in SPEECH_ACTS and cue.pos == "verb" and may(tok):
            return []  # "Kim may ask for access to ...": a request not (yet) made
        reading = Reading(
            view=view,
            cue=cue,
            tok=tok,
            slots=slots,
            source=source,
            lex=self.lex,
            force_states=self.force_states,
            fact=factuality(view, tok, self.lex, slots.governor),
        )
        adjust_factuality(reading)
        if cue.type == "denial" and reading.fact == "negated":
            return []
        adjust_attribution(reading)
        weapons = self._weapons(view, cue, tok)
        if cue.type == "weapons_test" and (not (set(weapons) & TESTABLE) or self._in_combat(view, tok)):
            return []
        partial = (
            (not (source and target) and cue.frame in TRANSFER_FRAMES)
            or (not source and cue.type in SPEECH_ACTS)
            or (not source and cue.type == "sanction")
            or bool(roles.refers)
        )
        conf = (
            0.55
            + (0.15 if cue.pos == "verb" else 0.0)
            + (0.1 if target else 0.0)
            - (0.15 if partial else 0.0)
        )
        rule = trail(f"{cue.type}:{cue.frame}:{cue.pos}:{' '.join(cue.words)}", [*steps, *reading.fired])
        (date, occasion), location = event_time(view, tok), event_location(view, tok)
        forbidden = cue.type in TRANSFER_TYPES and banned(tok, slots.governor, self.lex)
        return [
            Candidate(
                type=cue.type,
                source=src,
                target=tgt,
                weapons=weapons,
                factuality=reading.fact,
                attributed_to=reading.attributed,
                date=date,
                occasion=occasion,
                location=location,
                sentence_start=start,
                sentence_end=end,
                trigger=tok.text,
                rule=rule,
                confidence=round(min(conf, 0.95), 2),
                partial=partial,
                refers=roles.refers,
                answers=roles.answers,
                forbidden=forbidden,
                habitual=habitual(tok, self.lex),
            )
            for src, tgt in split_parties(cue.type, source, target)
        ]

    def _slots(self, view: SentenceView, cue: Cue, tok: Token) -> Slots:
        """The cue's slots, with what the extractor knows beyond the parse."""
        slots = find_slots(view, tok, cue.pos)
        if slots.holder and not self._holds(tok):
            slots.holder = []  # "defeated the drones sent by Pakistan": no one received them
        if cue.type == "sanction" and not (slots.patient or slots.on):
            slots.on = self._places_as_states(view, tok)
        return slots

    def _deployed(
        self, view: SentenceView, tok: Token, source: list[str], target: list[str], steps: list[str]
    ) -> tuple[list[str], list[str]]:
        """A deployment's sides once a state's force is known for its state."""
        abroad = self._abroad(view, tok, source, target)
        if abroad != target:
            steps.append("force-abroad")
        # A state's force abroad is that state's deployment too.
        home = [self.force_states[i] for i in source if i in self.force_states]
        added = list(dict.fromkeys(h for h in home if h not in source and h not in abroad))
        if added:
            steps.append("force-home-state")
        return [*added, *source], abroad

    def _met(
        self,
        view: SentenceView,
        cue: Cue,
        slots: Slots,
        source: list[str],
        target: list[str],
        venue: list[str],
        steps: list[str],
    ) -> tuple[list[str], list[str]] | None:
        """Visitor and host of a meeting told where it happened; None when it is no meeting."""
        hosted = host_by_venue(source, target, venue)
        if hosted is None and cue.needs == "venue":
            return None  # "told Putin" is a meeting only when said where they met
        if hosted is not None:
            if hosted != (source, target):
                steps.append("host-by-venue")
            source, target = hosted
        if target and residents(view, source, [*slots.agent, *slots.patient, *slots.partner]):
            # "met India's ambassador in Baku": an envoy posted there visits nobody.
            steps.append("envoy-posted-there")
            return [*source, *target], []
        return source, target

    def _force_acts(self, view: SentenceView, tok: Token) -> bool:
        """Whether a state's armed force is who the cue tells of: "Wagner was operating in the
        country" sends troops as surely as "Wagner fighters"."""
        doers = subjects(view, tok) if tok.pos_ in ("VERB", "AUX") else []
        doers += [c for c in tok.children if c.dep_ == "poss"]
        return any(m.value in self.force_states for m in view.actors(doers))

    def _abroad(self, view: SentenceView, tok: Token, source: list[str], target: list[str]) -> list[str]:
        """Where a state's force is, when "the country" would otherwise be its own state: in "the
        Africa Corps, a force of Russia's defence ministry, said it would remain in the
        country", the country is the one named before, not Russia."""
        home = {self.force_states[i] for i in source if i in self.force_states}
        if not home or (target and not set(target) <= home):
            return target
        places = [
            g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "to") for g in c.children
        ]
        if not any(g.lemma_.lower() in self.lex.words.country_nouns for g in places):
            return target
        here = view.char(tok)
        states = [
            m.value
            for m in [*view.earlier, *view.mentions]
            if m.kind == "actor" and m.end <= here and m.value and len(m.value) == 3 and m.value.isupper()
        ]
        abroad = [v for v in states if v not in home]
        return abroad[-1:]

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
        while noun.dep_ in ("pobj", "prep", "conj", "appos") and noun.head.i != noun.i:
            noun = noun.head
        return noun.head.lemma_.lower() in self.lex.holding_verbs

    def _in_combat(self, view: SentenceView, tok: Token) -> bool:
        """A firing aimed at something, or told among combat words, is a strike, not a test."""
        if tok.lemma_.lower() in self.lex.words.testing or "test" in tok.lower_:
            return False
        if any(c.dep_ == "prep" and c.lower_ in ("at", "against") for c in tok.children):
            return True
        # "Russian forces launched the missiles": fighting units fire in war; a state tests.
        if any(c.dep_ == "nsubj" and c.lemma_.lower() in self.lex.words.fighters for c in tok.children):
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
            users = actor_ids(view.actors([c for c in tok.children if c.dep_ == "nsubj"]))
            if is_passive_verb(tok):
                users = actor_ids(view.actors(by_objects(tok)))
                objs = [c for c in tok.children if c.dep_ == "nsubjpass"]
            else:
                objs = [c for c in tok.children if c.dep_ == "dobj"]
            if any(u.islower() for u in users):
                # "Sudan's Rapid Support Forces": the armed group, not its country, holds them.
                users = [u for u in users if u.islower()]
            for obj in objs:
                # "used a few drones, the first of a contract said to reach many more planes":
                # a clause hanging on the object tells of something else than what was used.
                weapons = weapons_in(view, own_phrase(obj))
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
                        date, occasion = event_time(view, tok)
                        out.append(
                            Candidate(
                                type="arms_transfer",
                                source=(maker,),
                                target=(user,),
                                weapons=tuple(dict.fromkeys(m.value for m in weapons if m.value)),
                                factuality=factuality(view, tok, self.lex),
                                attributed_to=first_actor_id(attribution(view, tok, self.lex)[0]),
                                date=date,
                                occasion=occasion,
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

    @staticmethod
    def _as_actors(view: SentenceView, ids: Sequence[str]) -> list[Mention]:
        """Stand-in actor mentions for the states a venue names."""
        return [
            Mention(
                kind="actor", start=view.offset, end=view.offset, text=i, value=i, sentence=-1, ref="venue"
            )
            for i in ids
        ]

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

    def _arms_verb(self, tok: Token) -> bool:
        """Whether ``tok`` is a verb that moves arms ("supply", "buy"), as the lexicon has it."""
        cues = self.lex.index.get(tok.lemma_.lower(), ())
        return any(c.type == "arms_transfer" and c.pos == "verb" and len(c.words) == 1 for c in cues)

    def _weapons(self, view: SentenceView, cue: Cue, tok: Token) -> tuple[str, ...]:
        if cue.type not in ("arms_transfer", "tech_transfer", "weapons_test"):
            return ()
        cats: list[str] = []
        # Technology is named around the deal, not inside it ("Khan, the founder of Pakistan's
        # nuclear programme, traded knowledge"): the whole sentence says what it was for.
        scope = list(view.doc) if cue.type == "tech_transfer" else clause_scope(tok)
        if cue.type != "tech_transfer" and cue.pos == "verb":
            # "was getting hardware from Russia, he said, and Washington believed Moscow would
            # pass on satellite know-how": a clause with its own subject tells another deed.
            other = {i for c in tok.children if own_clause(c) for i in (t.i for t in c.subtree)}
            found = weapons_in(view, {t.i for t in scope if t.i not in other})
        else:
            found = view.weapons(scope)
        if cue.type == "tech_transfer":
            # "eyeing Russian technology in return for supplying ammunition": what another verb
            # of supply moves is that other transfer's, not the technology's.
            theirs = {
                i
                for t in view.doc
                if t.i != tok.i and t.pos_ == "VERB" and self._arms_verb(t)
                for o in t.children
                if o.dep_ in ("dobj", "nsubjpass")
                for i in own_phrase(o)
            }
            found = [m for m in found if m not in weapons_in(view, theirs)]
        if cue.pos == "noun":
            mine = weapons_in(view, own_phrase(tok))
            if any(m.value != "other" for m in mine):
                # "the planned purchase of new submarines", "missile launches employing ...": a
                # noun's own phrase says what was bought or fired; weapons elsewhere in its
                # clause belong to other deeds.
                found = mine
        for m in found:
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
