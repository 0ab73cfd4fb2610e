"""Adjustments of one cue's reading: the factuality and attribution rules that override what
:func:`~armswatch.events.modality.factuality` and
:func:`~armswatch.events.modality.attribution` read from the clause.

Each rule is a small named function, applied in the order of :data:`FACTUALITY` and then
:data:`ATTRIBUTION`. A rule that fires returns the new value; its name then joins the event's
rule trail (``Event.rule``: the cue's rule, then every step that fired, joined by
:data:`TRAIL_SEPARATOR`), so ``armswatch explain`` can show why an event was read as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from spacy.tokens import Token

from armswatch.events.clauses import disowned, kept_up, none_sent, occasion, staying
from armswatch.events.frames import first_actor_id
from armswatch.events.kinds import SPEECH_ACTS, TRANSFER_TYPES
from armswatch.events.lexicon import Cue, Lexicon
from armswatch.events.modality import attribution, claimed
from armswatch.events.roles import Slots, subjects
from armswatch.events.sentence import SentenceView

#: Between the steps of a rule trail: "arms_transfer:give:verb:supply > signed-deal".
TRAIL_SEPARATOR = " > "


def trail(rule: str, steps: Sequence[str]) -> str:
    """A cue's rule name followed by the steps that fired."""
    return TRAIL_SEPARATOR.join([rule, *steps])


@dataclass
class Reading:
    """One cue's reading while the adjustments look at it (and ``fired`` what changed it)."""

    view: SentenceView
    cue: Cue
    tok: Token
    slots: Slots
    source: list[str]
    lex: Lexicon
    force_states: Mapping[str, str]
    fact: str
    framed: bool = False
    attributed: str | None = None
    fired: list[str] = field(default_factory=list)

    @cached_property
    def disowner(self) -> Token | None:
        """The verb that denies the claim the cue sits in, for a deed (not a speech act)."""
        return disowned(self.tok, self.lex) if self.cue.type not in SPEECH_ACTS else None


# --- factuality ------------------------------------------------------------------------------


def speech_act_made(r: Reading) -> str | None:
    """The accusation or demand was made; a hedge inside what it says ("would potentially be a
    violation") qualifies the content, not the act."""
    if r.cue.type in SPEECH_ACTS and r.fact == "possible" and r.cue.frame != "evaluate":
        return "certain"
    return None


def none_sent_negates(r: Reading) -> str | None:
    """ "Iran had no forces in Yemen", "sent no troops"."""
    if r.fact == "certain" and r.cue.frame == "deploy" and none_sent(r.tok):
        return "negated"
    return None


def staying_is_there(r: Reading) -> str | None:
    """ "said it would remain in the country": it is there now."""
    if r.fact == "possible" and r.cue.frame == "deploy" and staying(r.tok, r.lex):
        return "certain"
    return None


def measure_kept(r: Reading) -> str | None:
    """ "failing to enforce the embargo": the embargo stands."""
    if r.fact == "negated" and r.cue.type == "sanction" and kept_up(r.slots.governor, r.lex):
        return "certain"
    return None


def hedged_cue(r: Reading) -> str | None:
    """ "is eyeing Russian technology", "offered training": the cue itself only hopes or offers."""
    hedging = r.cue.type not in SPEECH_ACTS and r.lex.lemma(r.tok) in r.lex.hedge_verbs
    if r.fact == "certain" and (r.cue.cap == "possible" or hedging):
        return "possible"
    return None


def signed_deal(r: Reading) -> str | None:
    """A transfer under a signed contract or an agreed sale is certain (spec)."""
    if (
        r.cue.type in TRANSFER_TYPES
        and r.fact == "possible"
        and r.cue.cap != "possible"
        and signed(r.view, r.lex)
    ):
        return "certain"
    return None


def claimed_only(r: Reading) -> str | None:
    """ "claims that Tehran had shipped missiles were wrong": a transfer only claimed is
    possible. Not after ``signed-deal``: a deal made certain stays so."""
    if (
        r.cue.type in TRANSFER_TYPES
        and "signed-deal" not in r.fired
        and r.fact == "certain"
        and claimed(r.tok, r.lex)
    ):
        return "possible"
    return None


def disowned_negates(r: Reading) -> str | None:
    """ "dismissed reports that it had shipped missiles", "said claims that ... were untrue":
    the denied event is negated (spec)."""
    return "negated" if r.disowner is not None else None


#: Factuality rules in the order they apply.
FACTUALITY: tuple[tuple[str, Callable[[Reading], str | None]], ...] = (
    ("speech-act-made", speech_act_made),
    ("none-sent", none_sent_negates),
    ("staying", staying_is_there),
    ("measure-kept", measure_kept),
    ("hedged-cue", hedged_cue),
    ("signed-deal", signed_deal),
    ("claimed-only", claimed_only),
    ("disowned", disowned_negates),
)


# --- attribution -----------------------------------------------------------------------------


class Said(NamedTuple):
    """A new attribution: who the record says asserts the event (None: nobody, told as fact)."""

    by: str | None


def told_by_denier(r: Reading) -> Said | None:
    """A denied event is told by whoever denies it (spec)."""
    if r.disowner is None:
        return None
    deniers = r.view.actors(subjects(r.view, r.disowner)) or attribution(r.view, r.disowner, r.lex)[0]
    by = first_actor_id(deniers) or r.attributed
    return Said(by) if by != r.attributed else None


def force_speaks_for_state(r: Reading) -> Said | None:
    """A state's force speaks for that state, as its armed forces would (spec, "Actor ids")."""
    if r.attributed and r.attributed in r.force_states:
        return Said(r.force_states[r.attributed])
    return None


def meeting_told_as_fact(r: Reading) -> Said | None:
    """ "Merz said after talks with Zelensky": the talks are the occasion, told as fact."""
    if r.cue.type == "meeting" and r.framed and occasion(r.tok, r.slots.governor, r.lex):
        return Said(None) if r.attributed is not None else None
    return None


def speaker_is_source(r: Reading) -> Said | None:
    """A speech act with no reporting frame is told by who makes it."""
    if r.cue.type in SPEECH_ACTS and r.attributed is None and not r.framed and r.source:
        return Said(r.source[0])
    return None


def sanction_assumed(r: Reading) -> Said | None:
    """ "a firm that Washington has sanctioned": assumed, not asserted (spec)."""
    if r.cue.type == "sanction" and r.tok.dep_ in ("relcl", "acl") and r.attributed is not None:
        return Said(None)
    return None


#: Attribution rules in the order they apply.
ATTRIBUTION: tuple[tuple[str, Callable[[Reading], Said | None]], ...] = (
    ("told-by-denier", told_by_denier),
    ("force-speaks-for-state", force_speaks_for_state),
    ("meeting-told-as-fact", meeting_told_as_fact),
    ("speaker-is-source", speaker_is_source),
    ("sanction-assumed", sanction_assumed),
)


def adjust_factuality(r: Reading) -> None:
    """Apply the factuality rules in order; the names of those that fire go to ``r.fired``."""
    for name, rule in FACTUALITY:
        value = rule(r)
        if value is not None:
            r.fact = value
            r.fired.append(name)


def adjust_attribution(r: Reading) -> None:
    """Read who asserts the event, then apply the attribution rules in order."""
    speakers, r.framed = attribution(r.view, r.tok, r.lex)
    r.attributed = first_actor_id(speakers) if r.framed else None
    for name, rule in ATTRIBUTION:
        said = rule(r)
        if said is not None:
            r.attributed = said.by
            r.fired.append(name)


def signed(view: SentenceView, lex: Lexicon) -> bool:
    """Whether the sentence tells of a deal being signed (not planned or sought)."""
    for t in view.doc:
        if t.lemma_.lower() not in lex.signing_verbs or t.pos_ != "VERB":
            continue
        if any(c.dep_ == "neg" or c.lower_ in lex.modals for c in t.children):
            continue
        deal = (
            t.head
            if t.dep_ == "acl"
            else next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
        )
        if deal is not None and deal.lemma_.lower() in lex.deal_nouns:
            return True
    return False
