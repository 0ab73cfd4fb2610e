"""One parsed sentence with the article's mentions laid onto its tokens.

The events stage reads grammar from spaCy's dependency parse and meaning from the
mention stage; this view joins the two, so the rule modules can ask "which actors sit in
this token's phrase?" without caring about character offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from armswatch.events.grammar import (
    CORE_DEPS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    THING_PRONOUNS,
    TIME_MARKS,
)
from armswatch.events.lexicon import Lexicon, load_lexicon
from armswatch.models import Mention


@dataclass
class SentenceView:
    """A sentence's spaCy parse plus the mentions that fall inside it."""

    doc: Doc
    offset: int
    mentions: Sequence[Mention]
    earlier: Sequence[Mention]
    topic: Sequence[Mention] = ()
    # The state of the story's dateline ("YANGON —"): where its own news happens.
    filed_in: str | None = None
    # The words the rules consult; the shipped lexicon unless the extractor has its own.
    lex: Lexicon = field(default_factory=load_lexicon)
    tok_mentions: dict[int, list[Mention]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m in self.mentions:
            for tok in self.doc:
                start = self.offset + tok.idx
                end = start + len(tok.text)
                if start < m.end and m.start < end:
                    self.tok_mentions.setdefault(tok.i, []).append(m)

    @property
    def text(self) -> str:
        return self.doc.text

    def char(self, tok: Token) -> int:
        """Offset of ``tok`` in the article text."""
        return self.offset + tok.idx

    def mentions_at(self, tok: Token, kind: str) -> list[Mention]:
        return [m for m in self.tok_mentions.get(tok.i, ()) if m.kind == kind]

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]

    # -- phrases -------------------------------------------------------------------------

    def core(self, tok: Token) -> list[Token]:
        """The tokens of ``tok``'s phrase core: itself, its modifiers and its conjuncts."""
        out: list[Token] = []
        stack = [tok]
        seen: set[int] = set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            out.append(t)
            for child in t.children:
                if child.dep_ == "compound" and t.lemma_.lower() in self.lex.words.member_nouns:
                    continue  # "an important NATO ally" is a member, not NATO
                if child.dep_ == "poss" and t.lemma_.lower() == "counterpart":
                    continue  # "his Emirati counterpart" is Emirati, whoever "his" is
                if child.dep_ in CORE_DEPS or child.dep_ == "conj":
                    stack.append(child)
                elif (
                    child.dep_ == "prep"
                    and child.lower_ == "of"
                    and not self._has_actor(t)
                    and t.lemma_.lower() not in self.lex.words.victim_nouns
                ):
                    # "the government of Sudan", "the President of Russia"
                    stack.extend(c for c in child.children if c.dep_ == "pobj")
                elif t.lemma_.lower() in self.lex.words.seated_nouns and not self._has_actor(t):
                    seat = [child] if child.dep_ == "acl" and child.lemma_ == "base" else []
                    preps = [p for p in [child, *(c for s in seat for c in s.children)] if p.dep_ == "prep"]
                    stack.extend(
                        g for p in preps if p.lower_ in ("in", "from") for g in p.children if g.dep_ == "pobj"
                    )
                elif child.dep_ == "punct" and child.text in "-–—":
                    continue
        return sorted(out, key=lambda t: t.i)

    def _has_actor(self, tok: Token) -> bool:
        return bool(self.mentions_at(tok, "actor"))

    def actors(self, tokens: Iterable[Token], *, resolve_pronouns: bool = True) -> list[Mention]:
        """Actor mentions over the phrase cores of ``tokens``, in text order, pronouns resolved."""
        found: dict[tuple[int, int], Mention] = {}
        for tok in tokens:
            for t in self.core(tok):
                for m in self.mentions_at(t, "actor"):
                    found[(m.start, m.end)] = m
                if resolve_pronouns and not self.mentions_at(t, "actor"):
                    ref = self.resolve_pronoun(t)
                    if ref is not None:
                        found[(ref.start, ref.end)] = ref
        return sorted(found.values(), key=lambda m: m.start)

    def weapons(self, tokens: Iterable[Token]) -> list[Mention]:
        """Weapon mentions in the subtrees of ``tokens``, in text order."""
        seen: set[int] = set()
        for tok in tokens:
            if tok.i not in seen:  # a token already seen brings no new subtree
                seen.update(t.i for t in tok.subtree)
        found = {
            (m.start, m.end): m
            for i in seen & self.tok_mentions.keys()
            for m in self.tok_mentions[i]
            if m.kind == "weapon"
        }
        return sorted(found.values(), key=lambda m: m.start)

    def main_subjects(self) -> list[Mention]:
        """Actors that are the subject of the sentence's main verb (resolved as needed)."""
        roots = [t for t in self.doc if t.dep_ == "ROOT"]
        subj = [c for r in roots for c in r.children if c.dep_ in ("nsubj", "nsubjpass")]
        return self.actors(subj)

    def resolve_pronoun(self, tok: Token) -> Mention | None:
        """The actor a pronoun (or a relative "which"/"who") stands for, if it is clear."""
        low = tok.lower_
        if low in RELATIVE_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "poss"):
            head = tok.head
            while head.dep_ in ("relcl", "conj") and head.head.i != head.i:
                if head.dep_ == "relcl":
                    head = head.head
                    break
                head = head.head
            if head.i != tok.i:
                found = self.actors([head], resolve_pronouns=False)
                return found[0] if found else None
            return None
        here = self.char(tok)
        if low in self.lex.words.state_nouns and any(c.lower_ == "the" for c in tok.children):
            # "supplying ammunition to the country": the state last named before it.
            states = [
                m for m in [*self.earlier, *self.mentions] if m.kind == "actor" and m.end <= here and m.value
            ]
            states = [
                m
                for m in states
                if not _is_person(m) and len(m.value or "") == 3 and (m.value or "").isupper()
            ]
            return states[-1] if states else None
        if tok.pos_ != "PRON" and tok.tag_ not in ("PRP", "PRP$"):
            return None
        pool = [m for m in [*self.earlier, *self.mentions] if m.kind == "actor" and m.end <= here]
        subject = tok.dep_ in ("nsubj", "nsubjpass") and not any(
            t.dep_ in ("nsubj", "nsubjpass") and self.mentions_at(t, "actor") for t in self.doc if t.i < tok.i
        )
        if subject and self.topic:
            # "The Quad condemned ... They urged ...": the last sentence's subject goes on.
            wanted = [m for m in self.topic if _is_person(m) == (low in PERSON_PRONOUNS)]
            if wanted:
                return wanted[0]
        if low in PERSON_PRONOUNS:
            main = self._main_clause_person(tok)
            if main is not None:
                return main
            people = [m for m in pool if _is_person(m)]
            if tok.dep_ in ("dobj", "pobj", "dative") and low in ("him", "her"):
                # "Kim met him at the airport": not the one who met.
                verb = tok.head if tok.dep_ != "pobj" else tok.head.head
                doers = {
                    m.value
                    for c in verb.children
                    if c.dep_ == "nsubj"
                    for m in self.actors([c], resolve_pronouns=False)
                }
                people = [m for m in people if m.value not in doers]
            return people[-1] if people else None
        if low in THING_PRONOUNS:
            # Prefer the subject of an earlier clause of this sentence ("The United States has
            # not sanctioned India, although in 2018 it sanctioned ...").
            subjects = [
                m
                for t in self.doc
                if t.i < tok.i and t.dep_ in ("nsubj", "nsubjpass")
                for m in self.actors([t], resolve_pronouns=False)
                if not _is_person(m)
            ]
            if tok.dep_ in ("dobj", "pobj", "dative") and low in ("it", "them"):
                # "declared the UAE an aggressor state, accusing it of ...": not the subject.
                taken = {m.value for m in subjects}
                others = [m for m in pool if not _is_person(m) and m.value not in taken]
                return others[-1] if others else None
            if subjects:
                return subjects[-1]
            things = [m for m in pool if not _is_person(m)]
            return things[-1] if things else None
        return None

    def _main_clause_person(self, tok: Token) -> Mention | None:
        """Who "he" is in a time clause: the main clause's subject goes on ("Vucic raised it
        with Putin when he attended the parade": Vucic attended)."""
        verb = tok.head
        if tok.dep_ != "nsubj" or verb.dep_ != "advcl" or verb.head.i == verb.i:
            return None
        if not any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_MARKS for c in verb.children):
            return None
        subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
        if not subj or subj[0].i > tok.i:
            return None
        found = (
            self.actors(subj[:1])
            if subj[0].lower_ in PERSON_PRONOUNS
            else self.actors(subj[:1], resolve_pronouns=False)
        )
        people = [m for m in found if _is_person(m)]
        return people[0] if people else None


def _is_person(m: Mention) -> bool:
    return m.ref in ("person", "leader", "title", "surname") or (m.entity is not None and "_" in m.entity)
