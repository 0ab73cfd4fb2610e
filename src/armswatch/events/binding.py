"""UN sanctions invoked as binding: "in breach of UN Security Council resolutions".

The contract reads a ``sanction`` event, Security Council -> the party it binds, when a text
invokes a UN resolution, sanctions or arms embargo as binding ("the transfers breach
Resolution 2231", "arming the Houthis in violation of a UN arms embargo"). The text seldom
says whom the measure binds; the UN sanctions regimes of ``kb/sanctions.toml`` do: the
regime of a resolution the sentence numbers, else the party of the sentence's transfer that
a regime bans supplying (or supplying from), else a party of the sentence a regime targets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Token

from armswatch.events.candidate import Candidate
from armswatch.events.kinds import TRANSFER_TYPES
from armswatch.events.lexicon import Lexicon
from armswatch.events.modality import factuality
from armswatch.events.sentence import SentenceView
from armswatch.kb.regimes import Regime, SanctionsError, load_regimes

__all__ = ["RULE", "un_binding"]

# The rule name of these events; the measure is background, never the article's news of the day.
RULE = "sanction:un_binding:noun:"

_NUMBERED = re.compile(r"\b(?:resolutions?|UNSCR)\s+((?:\d{3,4})(?:\s*(?:,|and|or)\s*\d{3,4})*)", re.I)
_NUMBER = re.compile(r"\d{3,4}")


def _regimes() -> tuple[Regime, ...]:
    try:
        return load_regimes()
    except (SanctionsError, OSError):
        return ()  # a broken regimes file is reported by `armswatch kb check`; read no events


def _measure_noun(view: SentenceView) -> Token | None:
    """The measure noun a UN mention names ("UN arms embargo", "Security Council resolutions")."""
    for m in view.mentions:
        if m.kind != "actor" or m.value not in view.lex.un_ids:
            continue
        after = [t for t in view.doc if view.char(t) >= m.end][:3]
        for t in after:
            if t.lower_ in view.lex.words.measure_nouns or t.lemma_.lower() in view.lex.words.measure_nouns:
                return t
            if t.pos_ in ("VERB", "AUX", "ADP", "PUNCT", "SCONJ", "CCONJ"):
                break
    return None


def _invoking(noun: Token, lex: Lexicon) -> Token | None:
    """The word that treats the measure as binding: broken, kept to, or forbidding."""
    up = noun
    for _ in range(3):
        if up.head is up:
            break
        up = up.head
        if up.lemma_.lower() in lex.words.binding or up.lower_ in lex.words.binding:
            return up
    # "resolutions that prohibit the transfer ...", "the embargo bans ..."
    verbs = [c for c in noun.subtree if c.pos_ == "VERB"]
    if noun.dep_ in ("nsubj", "nsubjpass"):
        verbs.append(noun.head)
    return next((v for v in verbs if v.lemma_.lower() in lex.words.forbidding), None)


def _hypothetical(view: SentenceView, noun: Token, word: Token, lex: Lexicon) -> bool:
    """A breach only feared or of any deed at all ("would potentially be in violation of",
    "any cooperation that helped X violated ...") invokes no measure on anyone in particular."""
    if factuality(view, noun, lex) != "certain":
        return True
    doers = [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(d.lower_ == "any" and d.dep_ == "det" for s in doers for d in s.children)


def _numbered_targets(text: str, regimes: Sequence[Regime]) -> list[str]:
    numbers = {n for match in _NUMBERED.finditer(text) for n in _NUMBER.findall(match.group(1))}
    out: list[str] = []
    for regime in regimes:
        for measure in regime.measures:
            if measure.resolution in numbers:
                out.extend(t for t in sorted(measure.targets) if t not in out)
    states = [t for t in out if t.isupper()]
    return states or out


def _banned(
    party: str, directions: Iterable[str], regimes: Sequence[Regime], state_of: Callable[[str], str]
) -> bool:
    wanted = set(directions)
    return any(
        (party in m.targets or state_of(party) in m.targets) and m.direction in wanted
        for r in regimes
        for m in r.measures
    )


def un_binding(
    view: SentenceView,
    found: Sequence[Candidate],
    start: int,
    end: int,
    state_of: Callable[[str], str],
    lex: Lexicon,
) -> list[Candidate]:
    """The Security Council's sanction on whom a UN measure invoked in the sentence binds.

    ``found`` are the candidates already read from the sentence; ``state_of`` maps a
    company id to its state (or returns the id).
    """
    if any(c.type == "sanction" and "UNSC" in c.source for c in found):
        return []
    noun = _measure_noun(view)
    word = _invoking(noun, lex) if noun is not None else None
    if noun is None or word is None or _hypothetical(view, noun, word, lex):
        return []
    regimes = _regimes()
    # A resolution the regimes file numbers is one that bans transfers.
    bound = _numbered_targets(view.text, regimes)
    transfers = [c for c in found if c.type in TRANSFER_TYPES]
    if (
        not bound
        and noun.lemma_.lower() == "resolution"
        and not transfers
        and word.lemma_.lower() not in lex.words.forbidding
    ):
        # Resolutions bind as sanctions where they bar transfers (spec); "the launch violated
        # resolutions" or "urged X to comply with resolutions" tells of no sanction.
        return []
    if not bound:
        # An arms embargo binds those it keeps arms from before those it keeps them in.
        for c in transfers:
            hit = [t for t in c.target if _banned(t, ("to", "either"), regimes, state_of)]
            hit = hit or [s for s in c.source if _banned(s, ("from", "either"), regimes, state_of)]
            bound.extend(h for h in hit if h not in bound)
    if not bound:
        named = [
            m.value for m in view.mentions if m.kind == "actor" and m.value and m.value not in lex.un_ids
        ]
        bound = list(
            dict.fromkeys(n for n in named if _banned(n, ("to", "from", "either"), regimes, state_of))
        )
    if not bound:
        return []
    target: list[str] = []
    for b in bound:
        state = state_of(b)
        if state == b and b.islower():
            # An embargo on a state's territory that names an armed group in it binds the
            # state ("in breach of the UN arms embargo" on the RSF in Darfur: Sudan).
            states = sorted({t for r in regimes for m in r.measures if b in m.targets for t in m.targets})
            state = next((t for t in states if t.isupper()), b)
            b = state
        target.extend(i for i in (state, b) if i not in target)
    return [
        Candidate(
            type="sanction",
            source=("UNSC",),
            target=tuple(target),
            weapons=(),
            factuality="certain",
            # A measure assumed in a clause is the outlet's own background (spec, "Attribution").
            attributed_to=None,
            date=None,
            location=None,
            sentence_start=start,
            sentence_end=end,
            trigger=noun.text,
            rule=RULE + noun.lemma_.lower(),
            confidence=0.6,
        )
    ]
