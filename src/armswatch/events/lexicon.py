"""The event lexicon: cues, frames and factuality words read from ``kb/triggers.toml``.

Loaded once per process; the events stage never holds a word of its own.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from armswatch.errors import LexiconError as LexiconError
from armswatch.events.kinds import SPEECH_ACTS
from armswatch.kb import KB, load_toml
from armswatch.models import EVENT_TYPES

if TYPE_CHECKING:
    from spacy.tokens import Token

FRAMES = (
    "give",
    "get",
    "act_on",
    "joint",
    "visit",
    "host",
    "deploy",
    "test",
    "deny",
    "supplier",
    "customer",
    "breach",
    "evaluate",
)
NEEDS = ("", "weapon", "arms_noun", "tech", "troops", "threat", "military", "venue", "helped", "operated")


@dataclass(frozen=True, slots=True)
class Cue:
    """One trigger: a lemma or a phrase of lemmas that signals an event type in a frame."""

    type: str
    frame: str
    pos: str
    words: tuple[str, ...]
    needs: str
    cap: str = "certain"


@dataclass(frozen=True, slots=True)
class Words:
    """The named word sets of ``[words]`` in ``triggers.toml`` (see the comments there); a list
    the file leaves out is empty."""

    talks: frozenset[str] = frozenset()
    talking: frozenset[str] = frozenset()
    face_to_face: frozenset[str] = frozenset()
    going: frozenset[str] = frozenset()
    gatherings: frozenset[str] = frozenset()
    residents: frozenset[str] = frozenset()
    country_nouns: frozenset[str] = frozenset()
    staying: frozenset[str] = frozenset()
    fighters: frozenset[str] = frozenset()
    testing: frozenset[str] = frozenset()
    keeping: frozenset[str] = frozenset()
    measure_nouns: frozenset[str] = frozenset()
    binding: frozenset[str] = frozenset()
    forbidding: frozenset[str] = frozenset()
    ties: frozenset[str] = frozenset()
    everyone: frozenset[str] = frozenset()
    calling: frozenset[str] = frozenset()
    judging: frozenset[str] = frozenset()
    punishing: frozenset[str] = frozenset()
    naming: frozenset[str] = frozenset()
    helping: frozenset[str] = frozenset()
    receiving: frozenset[str] = frozenset()
    habitual: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    member_nouns: frozenset[str] = frozenset()
    victim_nouns: frozenset[str] = frozenset()
    seated_nouns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """Everything the events stage knows about words."""

    cues: tuple[Cue, ...]
    arms_nouns: frozenset[str]
    tech_nouns: frozenset[str]
    troop_nouns: frozenset[str]
    threat_nouns: frozenset[str]
    military_nouns: frozenset[str]
    not_claims: frozenset[str]
    claims: frozenset[str]
    # Words that call a claim false ("reports ... were untrue") and verbs that forbid a deed.
    untrue: frozenset[str]
    banning_verbs: frozenset[str]
    # The verbs that cue a denial ("dismissed reports that ...").
    denial_verbs: frozenset[str]
    # A definite event noun ("condemned the launch") and the event types it can point back to.
    event_nouns: dict[str, frozenset[str]]
    modals: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_nouns: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_adjectives: frozenset[str]
    negators: frozenset[str]
    negating_verbs: frozenset[str]
    # Verbs whose object exists whatever is said of the verb ("failed to enforce the embargo").
    presupposing_verbs: frozenset[str]
    deal_nouns: frozenset[str]
    signing_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    reporting_verbs: frozenset[str]
    reporting_phrases: tuple[str, ...]
    use_verbs: frozenset[str]
    holding_verbs: frozenset[str]
    maker_suffixes: tuple[str, ...]
    combat_words: frozenset[str]
    prefilter: Prefilter
    index: dict[str, tuple[Cue, ...]]
    words: Words = field(default_factory=Words)
    # Actor ids of the UN and its Security Council ([actors] un).
    un_ids: frozenset[str] = frozenset()
    # Inflected forms of the lexicon's own verbs, for when the tagger mislemmatises one
    # ("hoped" read as "hop").
    verb_forms: dict[str, str] = field(default_factory=dict)

    def lemma(self, tok: Token) -> str:
        """The lemma of ``tok``, corrected by the lexicon's own verb forms."""
        return self.verb_forms.get(tok.lower_, tok.lemma_.lower())

    def cues_for(self, first_word: str, pos: str) -> list[Cue]:
        """Cues whose first word is ``first_word`` (a lemma or a lower-cased form) for ``pos``."""
        return [c for c in self.index.get(first_word, ()) if c.pos == pos]


def _cue_index(cues: tuple[Cue, ...]) -> dict[str, tuple[Cue, ...]]:
    index: dict[str, list[Cue]] = {}
    for cue in cues:
        index.setdefault(cue.words[0], []).append(cue)
    # Longer phrases first, so "arms deal" wins over "deal".
    return {k: tuple(sorted(v, key=lambda c: -len(c.words))) for k, v in index.items()}


# Irregular forms of cue verbs: English grammar, not domain knowledge.
_IRREGULAR = {
    "be": ("is", "are", "was", "were", "been", "being"),
    "buy": ("bought",),
    "give": ("gave", "given"),
    "hold": ("held",),
    "meet": ("met",),
    "sell": ("sold",),
    "say": ("said",),
    "send": ("sent",),
    "speak": ("spoke", "spoken"),
    "take": ("took", "taken"),
    "tell": ("told",),
    "throw": ("threw", "thrown"),
    "write": ("wrote", "written"),
}
_VOWELS = "aeiou"
_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


def inflections(word: str) -> frozenset[str]:
    """The forms a cue word can take in text: plural, past, participles, irregulars."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) >= 3 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS and word[-3] not in _VOWELS:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # ship -> shipped
    forms.update(_IRREGULAR.get(word, ()))
    return frozenset(forms)


class Prefilter:
    """The cascade's cheap test: could this sentence hold any cue at all?

    Every word of a cue phrase (in some inflection) must occur in the sentence; cues that
    need troop or technology nouns count only through those nouns, cues that need a threat
    noun or a weapon only with one, and cues that need a venue ("told Putin at the Kremlin")
    only in a sentence naming two parties or places. No parse is needed.
    """

    def __init__(
        self, cues: tuple[Cue, ...], extra: list[str], threat: Sequence[str] = (), arms: Sequence[str] = ()
    ) -> None:
        self._index: dict[str, list[tuple[tuple[frozenset[str], ...], str]]] = {}
        self._threat = frozenset(form for w in threat for form in inflections(w.split()[-1]))
        self._arms = frozenset(form for w in arms for form in inflections(w.split()[-1]))
        entries = [(c.words, c.needs) for c in cues if c.needs not in ("troops", "tech")]
        entries += [(tuple(w.split()), "") for w in extra]
        for words, needs in entries:
            need = tuple(inflections(w) for w in words)
            for form in need[0]:
                self._index.setdefault(form, []).append((need[1:], needs))

    def matches(self, text: str, named: int = 2, armed: bool = True) -> bool:
        """Whether ``text`` holds every word of at least one cue (``named``: parties and places
        the sentence names, for the cues that need a venue; ``armed``: whether it names a
        weapon, for the cues that need one)."""
        words = set(_WORD.findall(text.lower()))
        for word in words & self._index.keys():
            for rest, needs in self._index[word]:
                if needs == "threat" and not words & self._threat:
                    continue
                if needs in ("weapon", "arms_noun", "helped", "operated") and not (
                    armed or words & self._arms
                ):
                    continue
                if needs == "venue" and named < 2:
                    continue
                if all(forms & words for forms in rest):
                    return True
        return False


def _words(values: object, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"triggers.toml: {where}: expected a list of non-empty strings")
    return [v.lower() for v in values]


def parse_lexicon(data: dict[str, object]) -> Lexicon:
    """Validate the parsed TOML and build a :class:`Lexicon`."""
    cues: list[Cue] = []
    raw_cues = data.get("cue")
    if not isinstance(raw_cues, list):
        raise LexiconError("triggers.toml: no [[cue]] entries")
    for n, raw in enumerate(raw_cues, 1):
        where = f"cue #{n}"
        if not isinstance(raw, dict):
            raise LexiconError(f"triggers.toml: {where}: expected a table")
        etype, frame, pos, needs = raw.get("type"), raw.get("frame"), raw.get("pos"), raw.get("needs", "")
        if not all(isinstance(v, str) for v in (etype, frame, pos, needs)):
            raise LexiconError(f"triggers.toml: {where}: type, frame, pos and needs must be strings")
        if etype not in EVENT_TYPES:
            raise LexiconError(f"triggers.toml: {where}: unknown type {etype!r}")
        if frame not in FRAMES:
            raise LexiconError(
                f"triggers.toml: {where}: unknown frame {frame!r} (one of {', '.join(FRAMES)})"
            )
        if pos not in ("verb", "noun", "adj"):
            raise LexiconError(f"triggers.toml: {where}: pos must be 'verb', 'noun' or 'adj'")
        if needs not in NEEDS:
            raise LexiconError(f"triggers.toml: {where}: unknown needs {needs!r}")
        cap = raw.get("cap", "certain")
        if cap not in ("certain", "possible"):
            raise LexiconError(f"triggers.toml: {where}: cap must be 'certain' or 'possible'")
        for lemma in _words(raw.get("lemmas"), where):
            cues.append(
                Cue(type=etype, frame=frame, pos=pos, words=tuple(lemma.split()), needs=needs, cap=cap)
            )
    nouns = data.get("nouns", {})
    fact = data.get("factuality", {})
    attr = data.get("attribution", {})
    made_in = data.get("made_in", {})
    if not all(isinstance(t, dict) for t in (nouns, fact, attr, made_in)):
        raise LexiconError("triggers.toml: [nouns], [factuality], [attribution] and [made_in] must be tables")
    assert isinstance(made_in, dict) and isinstance(nouns, dict)
    assert isinstance(fact, dict) and isinstance(attr, dict)
    arms = _words(nouns.get("arms"), "nouns.arms")
    tech = _words(nouns.get("tech"), "nouns.tech")
    troops = _words(nouns.get("troops"), "nouns.troops")
    threat = _words(nouns.get("threat"), "nouns.threat")
    cue_tuple = tuple(cues)
    lexicon = Lexicon(
        cues=cue_tuple,
        arms_nouns=frozenset(arms),
        tech_nouns=frozenset(tech),
        troop_nouns=frozenset(troops),
        threat_nouns=frozenset(threat),
        military_nouns=frozenset(_words(nouns.get("military", []), "nouns.military")),
        not_claims=frozenset(_words(nouns.get("not_claims", []), "nouns.not_claims")),
        claims=frozenset(_words(nouns.get("claims", []), "nouns.claims")),
        untrue=frozenset(_words(fact.get("untrue", []), "factuality.untrue")),
        banning_verbs=frozenset(_words(fact.get("banning_verbs", []), "factuality.banning_verbs")),
        denial_verbs=frozenset(
            w for c in cue_tuple if c.type == "denial" and c.pos == "verb" for w in c.words
        ),
        event_nouns=_event_nouns(data.get("anaphora", {})),
        modals=frozenset(_words(fact.get("modals"), "factuality.modals")),
        hedge_verbs=frozenset(_words(fact.get("hedge_verbs"), "factuality.hedge_verbs")),
        hedge_nouns=frozenset(_words(fact.get("hedge_nouns"), "factuality.hedge_nouns")),
        hedge_adverbs=frozenset(_words(fact.get("hedge_adverbs"), "factuality.hedge_adverbs")),
        hedge_adjectives=frozenset(_words(fact.get("hedge_adjectives"), "factuality.hedge_adjectives")),
        negators=frozenset(_words(fact.get("negators"), "factuality.negators")),
        negating_verbs=frozenset(_words(fact.get("negating_verbs"), "factuality.negating_verbs")),
        presupposing_verbs=frozenset(
            _words(fact.get("presupposing_verbs", []), "factuality.presupposing_verbs")
        ),
        deal_nouns=frozenset(_words(fact.get("deal_nouns", []), "factuality.deal_nouns")),
        signing_verbs=frozenset(_words(fact.get("signing_verbs", []), "factuality.signing_verbs")),
        claim_nouns=frozenset(_words(fact.get("claim_nouns", []), "factuality.claim_nouns")),
        reporting_verbs=frozenset(_words(attr.get("verbs"), "attribution.verbs")),
        reporting_phrases=tuple(_words(attr.get("phrases"), "attribution.phrases")),
        # [made_in] is optional: without it no transfer is read from a maker's weapon.
        use_verbs=frozenset(_words(made_in.get("use_verbs", []), "made_in.use_verbs")),
        holding_verbs=frozenset(_words(made_in.get("holding_verbs", []), "made_in.holding_verbs")),
        maker_suffixes=tuple(_words(made_in.get("suffixes", []), "made_in.suffixes")),
        combat_words=frozenset(_words(made_in.get("combat", []), "made_in.combat")),
        prefilter=Prefilter(cue_tuple, troops + tech, threat, arms),
        index=_cue_index(cue_tuple),
        words=_word_sets(data.get("words", {})),
        un_ids=_actor_ids(data.get("actors", {})),
    )
    verbs = (
        lexicon.hedge_verbs
        | lexicon.negating_verbs
        | lexicon.reporting_verbs
        | lexicon.presupposing_verbs
        | lexicon.signing_verbs
    )
    forms = {form: verb for verb in sorted(verbs) for form in inflections(verb) if form not in verbs}
    return dataclasses.replace(lexicon, verb_forms=forms)


def _word_sets(table: object) -> Words:
    """``[words]``: every key a field of :class:`Words`, every value a list of words."""
    if not isinstance(table, dict):
        raise LexiconError("triggers.toml: [words] must be a table")
    known = {f.name for f in dataclasses.fields(Words)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise LexiconError(f"triggers.toml: words.{unknown[0]}: not a word set of the events stage")
    return Words(**{k: frozenset(_words(v, f"words.{k}")) for k, v in table.items()})


def _actor_ids(table: object) -> frozenset[str]:
    if not isinstance(table, dict):
        raise LexiconError("triggers.toml: [actors] must be a table")
    un = table.get("un", [])
    if not isinstance(un, list) or not all(isinstance(v, str) and v.strip() for v in un):
        raise LexiconError("triggers.toml: actors.un: expected a list of actor ids")
    return frozenset(un)


def _event_nouns(table: object) -> dict[str, frozenset[str]]:
    """Invert ``[anaphora]`` (type -> nouns) into noun -> types; "any" stands for every deed."""
    if not isinstance(table, dict):
        raise LexiconError("triggers.toml: [anaphora] must be a table")
    deeds = frozenset(t for t in EVENT_TYPES if t not in SPEECH_ACTS)
    out: dict[str, set[str]] = {}
    for key, words in table.items():
        if key != "any" and key not in deeds:
            raise LexiconError(f"triggers.toml: anaphora.{key}: not an event type that is a deed")
        for word in _words(words, f"anaphora.{key}"):
            out.setdefault(word, set()).update(deeds if key == "any" else {key})
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None, overlay: str | None = None) -> Lexicon:
    """Load ``triggers.toml`` once per process: the KB's (through its loader, with an overlay
    directory's entries merged in), or the file at ``path``."""
    if path is None:
        return parse_lexicon(load_toml("triggers.toml", overlay))
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"triggers.toml: {exc}") from exc
    return parse_lexicon(data)


@lru_cache(maxsize=4)
def lexicon_of(kb: KB) -> Lexicon:
    """The lexicon of a loaded KB (its ``triggers.toml``, overlay merged in)."""
    return parse_lexicon(dict(kb.toml("triggers.toml")))
