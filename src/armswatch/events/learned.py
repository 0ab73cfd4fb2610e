"""A learned reader beside the cue rules: which actors of a sentence an event joins.

The rules read an event only where a cue word of ``kb/triggers.toml`` heads the clause. Real
news tells many events without one ("hosts US, Japanese and French bases", "the first use of the
weapons"), yet in most of them both parties are named in the sentence that tells it. This module
scores every way a sentence's actors could fill an event's roles and proposes those the trained
model believes, where the rules found nothing for the same parties.

Contract:

- A *slot* is one way to fill the roles: ``directed`` (first = source, second = target),
  ``joint`` (both are sources, no target: "X and Y signed a pact") or ``single`` (first is the
  only party). :func:`slots` lists a sentence's slots with their features; the features are
  plain strings (words around and between the two mentions, their kinds and order, and what the
  rules read in the same sentence), so training and reading see exactly the same thing.
- A :class:`RelationModel` holds, for each (event type, form), a logistic model over those
  features and a threshold. It is trained by ``scripts/train.py`` (``make train``) and shipped as
  ``events/relations.json``; reading it needs no third-party library.
- :meth:`RelationModel.propose` turns the slots above threshold into
  :class:`~armswatch.events.candidate.Candidate` records (rule ``learned:<type>:<form>``),
  at most one per (type, pair of parties) and sentence, none where a rule candidate of the
  sentence already joins the same parties in that type.

It does no parsing: words come from a regular expression, so it costs a few microseconds a slot
and reads every sentence with two actors, not only those the cascade lets through to spaCy.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import permutations

from spacy.tokens import Doc
from spacy.tokens import Token as SpacyToken

from armswatch.events.candidate import Candidate
from armswatch.events.kinds import SPEECH_ACTS, TRANSFER_TYPES
from armswatch.events.lexicon import Lexicon, inflections
from armswatch.models import Mention, ParsedArticle, Sentence

MODEL_FILE = "relations.json"
FORMS = ("directed", "joint", "single")
#: Sentences naming more actors than this are lists ("Russia, China, Iran, ..."): their pairs are
#: read from the nearest mentions only.
MAX_ACTORS = 8
_WORD = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_DIGITS = re.compile(r"\d")
# A crude stem so that "supplied", "supplies" and "supplying" share their weight: the model reads
# raw text, with no lemmatiser in front of it.
_SUFFIXES = ("ing", "ied", "ies", "ed", "es", "s")


def _stem(word: str) -> str:
    if len(word) > 4:
        for suffix in _SUFFIXES:
            if word.endswith(suffix):
                return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class LearnedWords:
    """The lexicon's words as the learned reader looks them up (normalised by :func:`tokens`).

    ``cues``: the event types each cue word can signal; ``hedges`` and ``negations`` set a learned
    event's factuality; ``speech``: verbs of saying.
    """

    cues: Mapping[str, frozenset[str]]
    hedges: frozenset[str]
    negations: frozenset[str]
    speech: frozenset[str]

    @classmethod
    def from_lexicon(cls, lex: Lexicon) -> LearnedWords:
        """The learned reader's words, all from ``kb/triggers.toml`` through the lexicon."""

        def keys(words: Iterable[str]) -> frozenset[str]:
            out: set[str] = set()
            for word in words:
                for form in inflections(word):
                    out.update((form.lower(), _stem(form.lower())))
            return frozenset(out)

        families: dict[str, set[str]] = {}
        for word, cues in lex.index.items():
            for key in keys([word]):
                families.setdefault(key, set()).update(c.type for c in cues if len(c.words) == 1)
        return cls(
            cues={k: frozenset(v) for k, v in families.items() if v},
            hedges=keys(
                lex.modals | lex.hedge_verbs | lex.hedge_nouns | lex.hedge_adverbs | lex.hedge_adjectives
            ),
            negations=keys(lex.negators | lex.negating_verbs | lex.denial_verbs),
            speech=keys(lex.reporting_verbs),
        )


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a sentence as the model reads it: normalised text and character span."""

    norm: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Slot:
    """One way a sentence's actors could fill an event's roles, with what the model reads."""

    sentence: Sentence
    form: str
    first: str
    second: str | None
    features: tuple[str, ...]
    # The word shown as the event's trigger: a cue word between the parties, else one of the
    # sentence, else the word after the first party.
    trigger: str = ""
    # Parties the sentence gives as the ones saying it ("..., NATO said", "according to Kyiv").
    speakers: frozenset[str] = frozenset()


def tokens(text: str, offset: int) -> list[Token]:
    """The sentence's words, lower-cased, digits folded, stemmed; spans in article offsets."""
    out = []
    for m in _WORD.finditer(text):
        word = _DIGITS.sub("0", m.group().lower())
        out.append(Token(_stem(word), offset + m.start(), offset + m.end()))
    return out


def _span(toks: Sequence[Token], m: Mention) -> tuple[int, int]:
    first = next((i for i, t in enumerate(toks) if t.end > m.start), len(toks))
    last = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].start < m.end), first)
    return first, max(first, last) + 1


def _bucket(n: int) -> str:
    return (
        "0"
        if n == 0
        else "1"
        if n == 1
        else "2"
        if n == 2
        else "3-5"
        if n <= 5
        else "6-10"
        if n <= 10
        else "11+"
    )


def _around(prefix: str, toks: Sequence[Token], span: tuple[int, int]) -> list[str]:
    a, b = span
    out = []
    for k in (1, 2):
        out.append(f"{prefix}-{k}={toks[a - k].norm}" if a - k >= 0 else f"{prefix}-{k}=^")
        out.append(f"{prefix}+{k}={toks[b + k - 1].norm}" if b + k - 1 < len(toks) else f"{prefix}+{k}=$")
    return out


def _rule_features(first: str, second: str | None, rules: Iterable[Candidate]) -> list[str]:
    out = []
    for c in rules:
        out.append(f"r={c.type}")
        if first in c.source and second is not None and second in c.target:
            out.append(f"rs={c.type}")
        elif second is not None and second in c.source and first in c.target:
            out.append(f"rr={c.type}")
        elif first in c.source and (second is None or second in c.source):
            out.append(f"rj={c.type}")
        elif first in c.source or first in c.target:
            out.append(f"r1={c.type}")
    return out


def slots(
    parsed: ParsedArticle,
    rules: Sequence[Candidate],
    *,
    kinds: Mapping[str, str],
    words: LearnedWords,
    parses: Mapping[int, Doc] | None = None,
    skip: Callable[[Mention], bool] = lambda m: False,
) -> list[Slot]:
    """Every slot of every sentence of ``parsed`` that names an actor, with its features.

    ``rules`` are the rule candidates of the article (their reading becomes a feature),
    ``kinds`` the KB kind of each actor id, ``words`` the lexicon's words, ``parses`` the spaCy
    parse of the sentences the rules parsed (by start offset: their grammar becomes features
    too), ``skip`` tells which mentions name nobody acting (a dateline).
    """
    text = parsed.article.text
    actors: dict[int, list[tuple[str, Mention]]] = {}
    others: dict[int, set[str]] = {}
    for m in sorted(parsed.mentions, key=lambda m: m.start):
        if m.kind != "actor":
            others.setdefault(m.sentence, set()).add(m.kind)
            continue
        if skip(m):
            continue
        for ident in (m.value,) if m.value else m.members:
            actors.setdefault(m.sentence, []).append((ident, m))
    by_sentence: dict[int, list[Candidate]] = {}
    starts = {s.start: s.index for s in parsed.sentences}
    for c in rules:
        if c.sentence_start in starts:
            by_sentence.setdefault(starts[c.sentence_start], []).append(c)
    out: list[Slot] = []
    for sent in parsed.sentences:
        named = actors.get(sent.index)
        if not named:
            continue
        toks = tokens(text[sent.start : sent.end], sent.start)
        if not toks:
            continue
        firsts: dict[str, Mention] = {}
        for ident, m in named:
            firsts.setdefault(ident, m)
        idents = list(firsts)[:MAX_ACTORS]
        spans = {i: _span(toks, firsts[i]) for i in idents}
        inside = {k for a, b in spans.values() for k in range(a, b)}
        common = [f"w={t.norm}" for k, t in enumerate(toks) if k not in inside]
        cues = words.cues
        families = [cues.get(t.norm, frozenset()) for t in toks]
        cue_at = [k for k, fam in enumerate(families) if fam and k not in inside]
        speaking = frozenset(i for i in idents if _speaks(toks, spans[i], words))

        common.extend(f"c={etype}" for k, fam in enumerate(families) if k not in inside for etype in fam)
        doc = (parses or {}).get(sent.start)
        roots = {i: _root(doc, firsts[i], sent.start) for i in idents} if doc is not None else {}
        if any(t.norm in words.speech for t in toks):
            common.append("speech")
        common.extend(f"has={kind}" for kind in sorted(others.get(sent.index, ())))
        common.append(f"n={_bucket(len(idents))}")
        rules_here = by_sentence.get(sent.index, [])
        lead = idents[0]
        for ident in idents:
            after = spans[ident][1]
            feats = [*common, *_around("a", toks, spans[ident]), f"ka={kinds.get(ident, '?')}"]
            feats.extend(f"a>c={etype}" for fam in families[after : after + 4] for etype in fam)
            if ident in roots:
                feats.extend(_grammar("a", roots[ident], cues))
            if ident == lead:
                feats.append("a0")
            feats.extend(_rule_features(ident, None, rules_here))
            shown = _trigger(text, toks, cue_at, (after, after + 4), after)
            out.append(Slot(sent, "single", ident, None, tuple(feats), shown, speaking))
        for a, b in permutations(idents, 2):
            sa, sb = spans[a], spans[b]
            forward = sa[0] < sb[0]
            lo, hi = (sa[1], sb[0]) if forward else (sb[1], sa[0])
            between = [t.norm for t in toks[lo:hi]] if hi >= lo else []
            direction = "ab" if forward else "ba"
            feats = [
                *common,
                *_around("a", toks, sa),
                *_around("b", toks, sb),
                f"ord={direction}",
                f"gap={_bucket(len(between))}",
                f"ka={kinds.get(a, '?')}",
                f"kb={kinds.get(b, '?')}",
                f"kab={kinds.get(a, '?')}&{kinds.get(b, '?')}",
            ]
            if len(between) <= 12:
                feats.extend(f"{direction}>{w}" for w in between)
                feats.extend(f"{direction}>c={etype}" for fam in families[lo:hi] for etype in fam)
            if a == lead:
                feats.append("a0")
            if b == lead:
                feats.append("b0")
            feats.extend(_rule_features(a, b, rules_here))
            if a in roots and b in roots:
                feats.extend(_grammar("a", roots[a], cues))
                feats.extend(_grammar("b", roots[b], cues))
                feats.extend(_path(roots[a], roots[b], cues))
            told = _trigger(text, toks, cue_at, (lo, hi), sa[1])
            out.append(Slot(sent, "directed", a, b, tuple(feats), told, speaking))
            if a < b:  # a joint slot is unordered: one per pair
                joint = tuple(f for f in feats if not f.startswith("ord="))
                out.append(Slot(sent, "joint", a, b, joint, told, speaking))
    return out


def _trigger(
    text: str, toks: Sequence[Token], cue_at: Sequence[int], window: tuple[int, int], after: int
) -> str:
    """The word shown as a learned event's trigger: a cue word inside ``window`` (token
    indices), else the sentence's first cue word, else the word at ``after``."""
    inner = [k for k in cue_at if window[0] <= k < window[1]]
    k = inner[0] if inner else cue_at[0] if cue_at else min(after, len(toks) - 1)
    return text[toks[k].start : toks[k].end]


#: How far after a party's mention its verb of saying may come ("NATO said", "Ukrainian
#: investigators said").
SPEAKER_WINDOW = 2


def _speaks(toks: Sequence[Token], span: tuple[int, int], words: LearnedWords) -> bool:
    """The party is who the sentence says is telling it: a verb of saying right after its
    mention, or "according to" right before it."""
    first, last = span
    for t in toks[last : last + SPEAKER_WINDOW + 1]:
        if t.norm in words.speech:
            return True
        if not t.norm[0].isalnum():  # "Kenya, officials said": the speaker is someone else
            break
    return [t.norm for t in toks[max(0, first - 2) : first]] == ["accord", "to"]


def _root(doc: Doc, m: Mention, offset: int) -> SpacyToken | None:
    span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
    return span.root if span is not None else None


def _role(tok: SpacyToken) -> str:
    """A mention's grammatical role: its dependency, with the preposition it hangs from."""
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        return f"pobj:{tok.head.lower_}"
    if tok.dep_ in ("compound", "amod", "poss") and tok.head.dep_ == "pobj" and tok.head.head.dep_ == "prep":
        return f"{tok.dep_}>pobj:{tok.head.head.lower_}"
    return tok.dep_


def _grammar(prefix: str, tok: SpacyToken | None, cues: Mapping[str, frozenset[str]]) -> list[str]:
    """Features of one mention's place in the parse: its role and the word that governs it."""
    if tok is None:
        return []
    governor = tok.head
    while governor.pos_ not in ("VERB", "NOUN", "AUX") and governor.head.i != governor.i:
        governor = governor.head
    lemma = governor.lemma_.lower()
    out = [f"{prefix}dep={_role(tok)}", f"{prefix}gov={lemma}"]
    out.extend(f"{prefix}govc={etype}" for etype in cues.get(lemma, ()))
    return out


def _path(a: SpacyToken | None, b: SpacyToken | None, cues: Mapping[str, frozenset[str]]) -> list[str]:
    """The dependency path between two mentions and the word where their branches meet."""
    if a is None or b is None or a.i == b.i:
        return []
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i for t in up_b}
    meet = next((t for t in up_a if t.i in ids_b), None)
    if meet is None:
        return ["path=none"]
    left = [t.dep_ for t in up_a[: [t.i for t in up_a].index(meet.i)]]
    right = [t.dep_ for t in up_b[: [t.i for t in up_b].index(meet.i)]]
    lemma = meet.lemma_.lower()
    out = [
        f"path={'^'.join(left)}|{'v'.join(reversed(right))}",
        f"meet={lemma}",
        f"plen={_bucket(len(left) + len(right))}",
    ]
    out.extend(f"meetc={etype}" for etype in cues.get(lemma, ()))
    return out


@dataclass(frozen=True, slots=True)
class Scorer:
    """One (event type, form)'s logistic model: weights by feature, a bias and a threshold."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        """The model's belief that the slot with these features is an event."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass(frozen=True, slots=True)
class RelationModel:
    """The trained scorers of every (event type, form) the training data showed."""

    scorers: Mapping[tuple[str, str], Scorer]
    version: str

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RelationModel:
        """A model from its JSON form (as ``scripts/train.py`` writes it)."""
        scorers = {}
        raw = data.get("scorers")
        if not isinstance(raw, list):
            raise ValueError("relation model: 'scorers' must be a list")
        for entry in raw:
            if entry["form"] not in FORMS:
                raise ValueError(f"relation model: unknown form {entry['form']!r}")
            scorers[(str(entry["type"]), str(entry["form"]))] = Scorer(
                weights={str(k): float(v) for k, v in entry["weights"].items()},
                bias=float(entry["bias"]),
                threshold=float(entry["threshold"]),
            )
        return cls(scorers=scorers, version=str(data.get("version", "")))

    def propose(
        self,
        parsed: ParsedArticle,
        rules: Sequence[Candidate],
        *,
        kinds: Mapping[str, str],
        words: LearnedWords,
        company_states: Mapping[str, str],
        parses: Mapping[int, Doc] | None = None,
        skip: Callable[[Mention], bool] = lambda m: False,
    ) -> list[Candidate]:
        """Learned candidates for what the rules missed in ``parsed``."""
        best: dict[tuple[int, str, frozenset[str]], tuple[float, Slot]] = {}
        for slot in slots(parsed, rules, kinds=kinds, words=words, parses=parses, skip=skip):
            for (etype, form), scorer in self.scorers.items():
                if form != slot.form:
                    continue
                # Who tells of a deed is not a party to it (a statement's speaker is its source).
                if etype not in SPEECH_ACTS and {slot.first, slot.second} & slot.speakers:
                    continue
                p = scorer.probability(slot.features)
                if p < scorer.threshold:
                    continue
                parties = frozenset(x for x in (slot.first, slot.second) if x)
                key = (slot.sentence.index, etype, parties)
                if key not in best or p > best[key][0]:
                    best[key] = (p, slot)
        text = parsed.article.text
        # A transfer carries the weapons its sentence names (categories, once each, in order).
        arms: dict[int, tuple[str, ...]] = {}
        for m in sorted(parsed.mentions, key=lambda m: m.start):
            if m.kind == "weapon" and m.value and m.value not in arms.get(m.sentence, ()):
                arms[m.sentence] = (*arms.get(m.sentence, ()), m.value)
        # A sentence that names one time dates what it tells ("in 2008 Colombia bought ...").
        named: dict[int, set[str]] = {}
        for m in parsed.mentions:
            if m.kind == "time" and m.value:
                named.setdefault(m.sentence, set()).add(m.value)
        out = []
        for (_, etype, _), (p, slot) in sorted(
            best.items(), key=lambda kv: (kv[0][0], kv[0][1], sorted(kv[0][2]))
        ):
            source, target = _roles(slot, company_states)
            if any(covers(c, etype, slot) for c in rules):
                continue
            sentence = text[slot.sentence.start : slot.sentence.end]
            out.append(
                Candidate(
                    type=etype,
                    source=source,
                    target=target,
                    weapons=arms.get(slot.sentence.index, ()) if etype in TRANSFER_TYPES else (),
                    factuality=_factuality(sentence, words),
                    attributed_to=None,
                    date=next(iter(times))
                    if len(times := named.get(slot.sentence.index, set())) == 1
                    else None,
                    location=None,
                    sentence_start=slot.sentence.start,
                    sentence_end=slot.sentence.end,
                    trigger=slot.trigger,
                    rule=f"learned:{etype}:{slot.form}",
                    confidence=round(p, 3),
                )
            )
        return out


def _roles(slot: Slot, company_states: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    def party(ident: str) -> tuple[str, ...]:
        state = company_states.get(ident)
        return (state, ident) if state and state != ident else (ident,)

    if slot.form == "directed" and slot.second:
        return party(slot.first), party(slot.second)
    if slot.form == "joint" and slot.second:
        return (*party(slot.first), *party(slot.second)), ()
    return party(slot.first), ()


def covers(rule: Candidate, etype: str, slot: Slot) -> bool:
    """A rule candidate already tells what this slot would: the same parties in the same type
    anywhere in the article, the same parties in any type in the same sentence (the rules read
    the sentence's grammar; "China rejected the US accusations" is a denial, not an accusation),
    or the same type in the same sentence with a party in common."""
    parties = {slot.first, *((slot.second,) if slot.second else ())}
    told = {*rule.source, *rule.target}
    here = rule.sentence_start == slot.sentence.start
    if here and rule.type == etype and parties & told:
        return True  # the rules read this event here, naming its parties their own way
    return parties <= told and (rule.type == etype or here)


def _factuality(sentence: str, words: LearnedWords) -> str:
    """A learned event's factuality from the sentence's words: no parse tells the scope, so any
    negation or hedge in the sentence counts."""
    seen = {t.norm for t in tokens(sentence, 0)}
    if seen & words.negations:
        return "negated"
    if seen & words.hedges:
        return "possible"
    return "certain"


@functools.cache
def shipped_model() -> RelationModel | None:
    """The model shipped with the package, or None when the package carries none."""
    try:
        raw = resources.files("armswatch.events").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return RelationModel.from_dict(json.loads(raw))
