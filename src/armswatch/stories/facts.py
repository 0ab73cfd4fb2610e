"""Facts: what several reports state, merged across documents.

Contract: stored events (dicts as ``Reader.events`` / ``Reader.fact_members`` return them) ->
a decision whether an event states the same claim as a known fact (:func:`match_score`), and
the aggregate of a fact's events (:func:`aggregate`): union of parties and weapons, agreed
date, status, first and last report, independent outlets and contradictions. Pure: no I/O.

The same claim
--------------
A report joins a fact only when it states the same event. Each clause below is necessary:

1. *Type.* The report and the fact have the same event type.
2. *Parties in each role.* For each role (sources, targets) the report's parties and the
   fact's are the same set, or one is a subset of the other: a report that names fewer
   parties joins one that names more (an empty role is unknown, the empty set). Parties that
   merely overlap ("PRK to RUS" and "PRK, IRN to UKR") state different claims. Meetings and
   cooperations compare all their parties as one set, either way round ("Kim met Putin",
   "Putin received Kim"), under the same subset rule, and share at least two parties when both
   name two.
3. *Speakers.* Accusations, demands, denials and threat designations are statements: they
   merge only when they have the same speaker(s), a non-empty set ("Iran denied", "Russia
   denied" and "North Korea denied" are three facts, whatever they deny).
4. *Weapons.* The categories the report names overlap the fact's, or one side names none
   (``other`` names nothing).
5. *Occurrence.* Two dated reports lie at most :data:`DATE_TOLERANCE` days apart. When
   either is undated, the report's publication day (or, failing it, its date) lies within
   :data:`UNDATED_REPORT_WINDOW` days (:data:`STATEMENT_WINDOW` for statements) of the fact's
   date or reporting span: a 2023 and a 2025 dispatch stay apart.

An event joins the one fact it fits best (:func:`match_score`) and never two: a report that
overlaps two facts does not bridge them. Growing a fact by a report that names more parties
keeps every earlier report a subset of the fact.

Counting and status
-------------------
Each report of a fact takes a stance (:func:`stance`): it asserts the event, hedges it
(possible), negates it, dismisses it ("dismissed reports of shipments"), denies it (a denial
attached to the fact), sets it as a condition ("would pay a price if it sold arms") or
forbids it ("resolutions prohibit the transfer"). Asserting and hedging reports support the
fact; negations, dismissals and denials contradict it; conditions and prohibitions are context
and count for nothing. Supporting outlets count once per outlet, a near-duplicate counting as
its original's outlet; contradictions count once per (outlet, sentence), copies likewise.

The status says what the support is (:func:`fact_status`): ``reported`` when an outlet in its
own voice or a party not involved asserts it (a report's speaker is whom it is attributed to,
else the speaker of an accusation or demand read from the same sentence), ``claimed`` when
only involved parties do (the fact's own parties, their states and, through
``kb/conflicts.csv``, every party to a war one of them fights), ``hedged`` when it is only
reported as possible, ``disputed`` when a claimed or hedged fact is also contradicted, and
``denied`` when nothing but negations and denials report it. A statement (an accusation, a
denial ...) is attested by its report: a certain report of it is ``reported`` whoever made it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

from armswatch.kb.event_types import types_where
from armswatch.models import (
    EventType,
    FactRelation,
    FactStatus,
    Factuality,
    WeaponCategory,
    as_event_type,
    as_factuality,
    as_weapon_category,
)
from armswatch.partial_dates import gap_days, is_valid

if TYPE_CHECKING:
    from armswatch.kb import KB
    from armswatch.kb.records import Conflict

#: Strength of factualities: certain > possible > negated.
FACTUALITY_RANK: dict[Factuality, int] = {"negated": 0, "possible": 1, "certain": 2}
#: Types whose parties all act together, so that roles are compared as one set.
SYMMETRIC_TYPES = types_where(lambda t: t.symmetric)
#: Types a denial can contradict when the denier is among the fact's sources.
DENIABLE_TYPES = types_where(lambda t: t.deniable)
#: Statements: they merge only with the same speakers, and a report of one attests it.
STATEMENT_TYPES = types_where(lambda t: t.speech_act)
#: Days two dates may lie apart and still name one event (outlets date a statement a day apart).
DATE_TOLERANCE = 3
#: Days between an undated report (its publication) and a fact's date or reports within which
#: it may state the same occurrence of a deed.
UNDATED_REPORT_WINDOW = 180
#: The same for a statement: a statement is news for days, not months.
STATEMENT_WINDOW = 7
#: The extractor's rule step for an event a denial verb disowns ("dismissed reports that ...").
DISOWNED_STEP = "disowned"
#: Words that open a condition: "would pay a price if it sold arms" asserts no sale.
CONDITIONAL_MARKS = frozenset({"if", "unless"})
#: Words before a report's trigger, within its clause, that its stance is read from.
STANCE_WINDOW = 6

#: How one report stands to the fact it is attached to.
Stance = Literal["asserts", "hedges", "negates", "dismisses", "denies", "conditional", "forbids"]
#: The relation each stance gives.
STANCE_RELATION: dict[Stance, FactRelation] = {
    "asserts": "support",
    "hedges": "support",
    "negates": "contradiction",
    "dismisses": "contradiction",
    "denies": "contradiction",
    "conditional": "context",
    "forbids": "context",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class FactSummary:
    """A fact as stored in the ``facts`` table."""

    fact_id: str
    type: EventType
    source: tuple[str, ...]
    target: tuple[str, ...]
    weapons: tuple[WeaponCategory, ...]
    factuality: Factuality
    weakest_factuality: Factuality
    date: str | None
    first_reported: str | None
    last_reported: str | None
    n_events: int
    n_outlets: int
    n_contradictions: int
    story_id: str | None
    summary: str
    status: FactStatus = "reported"
    status_note: str = ""
    contradicted_by: tuple[str, ...] = ()

    def as_row(self) -> dict[str, Any]:
        """The fields as ``StoryIndex.save_fact`` takes them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def fact_id_for(event_id: str) -> str:
    """The id of a fact opened by an event: stable across rebuilds that see events in one order."""
    return "f" + hashlib.sha1(event_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:15]


def date_gap(a: str | None, b: str | None) -> int | None:
    """Days between two partial dates' periods (0 when they overlap); None when either is unknown."""
    if not a or not b:
        return None
    try:
        return gap_days(a, b)
    except ValueError:
        return None


def _nested(a: set[str], b: set[str]) -> bool:
    # An empty role is unknown: the empty set, a subset of every role.
    return a <= b or b <= a


def _roles_score(type: str, event: Mapping[str, Any], fact: Mapping[str, Any]) -> float | None:
    """Clauses 2 and 3 of the rule: None when the parties state another claim."""
    es, et = set(event["source"]), set(event["target"])
    fs, ft = set(fact["source"]), set(fact["target"])
    if type in SYMMETRIC_TYPES:
        mine, theirs = es | et, fs | ft
        common = mine & theirs
        if not _nested(mine, theirs) or not common or len(common) < min(2, len(mine), len(theirs)):
            return None
        return 2.0 * len(common) + (1.0 if mine == theirs else 0.0)
    if type in STATEMENT_TYPES and (not es or es != fs):
        return None
    if not _nested(es, fs) or not _nested(et, ft):
        return None
    if not (es & fs or et & ft):
        return None
    exact = (1.0 if es == fs else 0.0) + (1.0 if et == ft else 0.0)
    return 2.0 * len(es & fs) + 2.0 * len(et & ft) + exact


def fact_keys(type: str, source: Sequence[str], target: Sequence[str]) -> list[str]:
    """Lookup keys a fact is indexed under: its type with each (source, target) pair, both ways.

    An empty role keys as the empty string; the parties of symmetric types as ordered pairs.
    """
    if type in SYMMETRIC_TYPES:
        parties = sorted(set(source) | set(target))
        if len(parties) == 1:
            return [f"{type}|{parties[0]}&"]
        return [f"{type}|{a}&{b}" for a in parties for b in parties if a != b]
    keys: list[str] = []
    for s in source or ("",):
        for t in target or ("",):
            keys.extend((f"{type}>{s}>{t}", f"{type}<{t}<{s}"))
    return keys


def lookup_keys(event: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Exact keys and key prefixes under which the facts an event may belong to are indexed."""
    type, source, target = event["type"], list(event["source"]), list(event["target"])
    if type in SYMMETRIC_TYPES:
        parties = sorted(set(source) | set(target))
        if len(parties) == 1:
            return [], [f"{type}|{parties[0]}&"]
        pairs = [f"{type}|{a}&{b}" for a in parties for b in parties if a != b]
        return pairs + [f"{type}|{a}&" for a in parties], []
    if source and target:
        exact = [f"{type}>{s}>{t}" for s in source for t in target]
        exact += [f"{type}>{s}>" for s in source] + [f"{type}>>{t}" for t in target]
        return exact, []
    if source:
        return [], [f"{type}>{s}>" for s in source]
    if target:
        return [], [f"{type}<{t}<" for t in target]
    return [], []


def _named(weapons: Iterable[str]) -> set[str]:
    return set(weapons) - {"other"}


def _span_gap(when: str | None, first: str | None, last: str | None) -> int | None:
    """Days from ``when`` to the span ``first``..``last`` (0 inside it); None when unknown."""
    gaps = [g for g in (date_gap(when, first), date_gap(when, last)) if g is not None]
    if not gaps:
        return None
    if first and last and when and str(first)[:10] <= str(when)[:10] <= str(last)[:10]:
        return 0
    return min(gaps)


def same_occurrence(
    event: Mapping[str, Any],
    fact: Mapping[str, Any],
    *,
    published: str | None = None,
    tolerance: int = DATE_TOLERANCE,
) -> int | None:
    """Clause 5 of the rule: the gap in days between a report's and a fact's dates (0 when they
    agree), or -1 when the report cannot be the fact's occurrence. None when nothing is known."""
    gap = date_gap(event["date"], fact["date"])
    if gap is not None:
        return gap if gap <= tolerance else -1
    window = STATEMENT_WINDOW if event["type"] in STATEMENT_TYPES else UNDATED_REPORT_WINDOW
    # An undated side is placed by its news cycle: the report's publication day against the
    # fact's date, or the fact's reporting span when it has no date.
    when = str(published)[:10] if published else event["date"]
    if fact["date"]:
        far = date_gap(when, fact["date"])
    else:
        far = _span_gap(when, fact.get("first_reported"), fact.get("last_reported"))
    if far is not None and far > window:
        return -1
    return None


def match_score(
    event: Mapping[str, Any],
    fact: Mapping[str, Any],
    *,
    published: str | None = None,
    tolerance: int = DATE_TOLERANCE,
) -> float | None:
    """How well an event fits a fact (higher is better), or None when it states another claim.

    ``published`` is the event's article's publication date, which places an undated report.
    """
    if event["type"] != fact["type"]:
        return None
    score = _roles_score(event["type"], event, fact)
    if score is None:
        return None
    mine, theirs = _named(event["weapons"]), _named(fact["weapons"])
    if mine and theirs and not mine & theirs:
        return None
    score += len(mine & theirs)
    gap = same_occurrence(event, fact, published=published, tolerance=tolerance)
    if gap is not None:
        if gap < 0:
            return None
        # Agreeing exactly beats agreeing within the tolerance.
        score += 2.0 if gap == 0 else 1.0
    return score


def agreed_date(dates: Iterable[str | None]) -> str | None:
    """The most precise date every dated report agrees with, else their common prefix, else the mode."""
    dated = [d for d in dates if d]
    known = sorted(set(dated), key=lambda d: (-len(d), d))
    if not known:
        return None
    for candidate in known:
        if all(candidate.startswith(other) for other in known):
            return candidate
    parts = [d.split("-") for d in known]
    common: list[str] = []
    for values in zip(*parts, strict=False):
        if len(set(values)) != 1:
            break
        common.append(values[0])
    if common:
        return "-".join(common)
    return min(known, key=lambda d: (-dated.count(d), d))


def outlet_key(member: Mapping[str, Any]) -> str:
    """The independent source a report counts as: its outlet, or its original's for a copy."""
    # An article without an outlet counts as itself.
    if member.get("original_doc_id"):
        return member.get("original_outlet") or "doc:" + str(member["original_doc_id"])
    return member.get("outlet") or "doc:" + str(member["doc_id"])


def sentence_key(member: Mapping[str, Any]) -> str:
    """A report's sentence as it counts: one per wording, whichever copy or event reads it."""
    return " ".join(str(member.get("evidence") or "").split()).casefold()


def _union(values: Iterable[Sequence[str]]) -> tuple[str, ...]:
    return tuple(sorted({item for group in values for item in group}))


def _roles(type: str, supports: Sequence[Mapping[str, Any]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Sources and targets of a fact: the union of its reports' roles.

    Reports of a meeting or a cooperation may name the same parties either way round ("Kim met
    Putin", "Putin received Kim"): the target most reports give is kept, everyone else is a source.
    """
    if type not in SYMMETRIC_TYPES:
        return _union(m["source"] for m in supports), _union(m["target"] for m in supports)
    votes: dict[tuple[str, ...], int] = {}
    for m in supports:
        key = tuple(sorted(m["target"]))
        votes[key] = votes.get(key, 0) + 1
    target = min(votes, key=lambda key: (-votes[key], key))
    parties = set(_union(m["source"] for m in supports)) | set(_union(m["target"] for m in supports))
    return tuple(sorted(parties - set(target))), target


_WORD = re.compile(r"[^\W\d_]+")


def verb_forms(lemmas: Iterable[str]) -> frozenset[str]:
    """The inflected forms of verbs as plain text shows them: ban, bans, banned, banning ..."""
    forms: set[str] = set()
    for lemma in lemmas:
        low = lemma.lower()
        stem = low[:-1] if low.endswith("e") else low
        forms.update({low, low + "s", low + "es", stem + "ed", stem + "ing"})
        forms.update({low + low[-1] + "ed", low + low[-1] + "ing"})
    return frozenset(forms)


def _words_before_trigger(member: Mapping[str, Any]) -> list[str]:
    """The words of the report's clause just before its trigger, lower-cased."""
    evidence = str(member.get("evidence") or "")
    trigger = str(member.get("trigger") or "").strip()
    at = evidence.lower().find(trigger.lower()) if trigger else -1
    if at < 0:
        return []
    before = re.split(r"[,;:()\u2013\u2014]", evidence[:at])[-1]
    return [w.lower() for w in _WORD.findall(before)][-STANCE_WINDOW:]


def stance(member: Mapping[str, Any], type: str, *, forbidding: frozenset[str] = frozenset()) -> Stance:
    """How a report stands to a fact of ``type`` (see the module's rule).

    ``forbidding`` are the word forms of banning verbs (:func:`verb_forms`).
    """
    if member["type"] != type:
        return "denies"
    if DISOWNED_STEP in str(member.get("rule") or "").split(" > ")[1:]:
        return "dismisses"
    if member["factuality"] == "negated":
        return "negates"
    before = _words_before_trigger(member)
    if forbidding and forbidding & set(before):
        return "forbids"
    if member["factuality"] == "possible" and CONDITIONAL_MARKS & set(before):
        return "conditional"
    return "hedges" if member["factuality"] == "possible" else "asserts"


def relations(
    type: str, members: Sequence[Mapping[str, Any]], *, forbidding: frozenset[str] = frozenset()
) -> dict[str, FactRelation]:
    """Support, contradiction or context for each member event of a fact of ``type``."""
    return {m["event_id"]: STANCE_RELATION[stance(m, type, forbidding=forbidding)] for m in members}


@dataclass(frozen=True, slots=True)
class Involvement:
    """Who is party to an event: its actors, their states, and both sides of every war one of
    them fights (``kb/conflicts.csv``). Without a KB, only the actors themselves."""

    state_of: Callable[[str], str | None] = field(default=lambda actor: None)
    conflicts: tuple[Conflict, ...] = ()

    @classmethod
    def from_kb(cls, kb: KB) -> Involvement:
        """The involvement the KB's actors and conflicts define."""
        return cls(state_of=kb.state_of, conflicts=tuple(kb.conflicts))

    def parties(self, actors: Iterable[str], when: str | None) -> frozenset[str]:
        """The actors, their states and their wars' parties at ``when`` (any war still running
        when ``when`` is unknown)."""
        own = set(actors)
        own |= {state for actor in list(own) if (state := self.state_of(actor))}
        for conflict in self.conflicts:
            if when and is_valid(when):
                if not conflict.running(when):
                    continue
            elif conflict.end is not None:
                continue
            if own & set(conflict.parties):
                own |= set(conflict.parties)
        return frozenset(own)

    def involved(self, speaker: str, parties: frozenset[str]) -> bool:
        """Whether a speaker (an actor id) is among ``parties``, itself or through its state."""
        return speaker in parties or self.state_of(speaker) in parties


def speakers(member: Mapping[str, Any]) -> list[str]:
    """Who asserts a report: whom it is attributed to, else the speakers of a statement read
    from its sentence ("Khartoum accused Abu Dhabi of supplying ..."); none for the outlet."""
    if member.get("attributed_to"):
        return [str(member["attributed_to"])]
    return [str(s) for s in member.get("voiced_by") or ()]


def fact_status(
    type: str,
    asserting: Sequence[Mapping[str, Any]],
    hedging: Sequence[Mapping[str, Any]],
    n_contradictions: int,
    involved: Callable[[str], bool],
) -> FactStatus:
    """The status a fact's support gives it (see the module's rule); ``involved`` says whether
    a speaker is party to the fact."""
    if not asserting and not hedging:
        return "denied"
    status: FactStatus
    if asserting and (
        type in STATEMENT_TYPES
        or any(not speakers(m) or not all(involved(s) for s in speakers(m)) for m in asserting)
    ):
        status = "reported"
    elif asserting:
        status = "claimed"
    else:
        status = "hedged"
    if status != "reported" and n_contradictions:
        return "disputed"
    return status


def _status_note(
    status: FactStatus,
    asserting: Sequence[Mapping[str, Any]],
    n_outlets: int,
    contradicted_by: Sequence[str],
) -> str:
    outlets = f"{n_outlets} outlet" + ("" if n_outlets == 1 else "s")
    if status == "reported":
        note = f"asserted by an uninvolved voice; {outlets}"
    elif status == "denied":
        note = "only negated or denied"
    else:
        claimants = sorted({s for m in asserting for s in speakers(m)})
        if claimants:
            note = f"asserted only by involved {', '.join(claimants)}; {outlets}"
        else:
            note = f"reported only as possible; {outlets}"
    if contradicted_by:
        note += f"; contradicted by {', '.join(contradicted_by)}"
    return note


def summarize(fact: FactSummary) -> str:
    """One line for lists: parties, type, weapons, status, date and corroboration."""
    parties = ", ".join(fact.source) or "?"
    if fact.target:
        parties += " → " + ", ".join(fact.target)
    text = f"{parties}: {fact.type.replace('_', ' ')}"
    if fact.weapons:
        text += f" ({', '.join(fact.weapons)})"
    text += f", {fact.status}"
    text += f", {fact.date}" if fact.date else ", undated"
    outlets = "outlet" if fact.n_outlets == 1 else "outlets"
    text += f"; {fact.n_outlets} {outlets}"
    if fact.n_contradictions:
        text += f", {fact.n_contradictions} contradicting"
    if fact.contradicted_by:
        text += f" ({', '.join(fact.contradicted_by)})"
    return text


def aggregate(
    fact_id: str,
    type: str,
    members: Sequence[Mapping[str, Any]],
    *,
    involvement: Involvement | None = None,
    forbidding: frozenset[str] = frozenset(),
) -> tuple[FactSummary, dict[str, FactRelation]]:
    """The fact that ``members`` (``Reader.fact_members`` rows, oldest report first) make up.

    Returns the summary and each member's relation. ``members`` must not be empty.
    """
    if not members:
        raise ValueError(f"fact {fact_id} has no events")
    stances = {m["event_id"]: stance(m, type, forbidding=forbidding) for m in members}
    relation = {event_id: STANCE_RELATION[s] for event_id, s in stances.items()}
    supports = [m for m in members if relation[m["event_id"]] == "support"]
    contradicting = [m for m in members if relation[m["event_id"]] == "contradiction"]
    own = [m for m in members if m["type"] == type]
    # A fact nobody asserts is what its negated reports say it is not.
    basis = supports or own or list(members)
    source, target = _roles(type, basis)
    weapons = set(_union(m["weapons"] for m in basis))
    if weapons - {"other"}:
        weapons.discard("other")
    published = sorted(str(m["published"])[:10] for m in members if m.get("published"))
    story = next((m["story"] for m in basis if m.get("story")), None)
    date = agreed_date(m["date"] for m in basis)
    n_contradictions = len({(outlet_key(m), sentence_key(m)) for m in contradicting})
    contradicted_by = _union(
        (m["source"] if m["type"] != type else [m["attributed_to"]] if m["attributed_to"] else [])
        for m in contradicting
    )
    asserting = [m for m in supports if stances[m["event_id"]] == "asserts"]
    hedging = [m for m in supports if stances[m["event_id"]] == "hedges"]
    parties = (involvement or Involvement()).parties(
        (*source, *target), date or (published[0] if published else None)
    )
    status = fact_status(
        type,
        asserting,
        hedging,
        n_contradictions,
        lambda speaker: (involvement or Involvement()).involved(speaker, parties),
    )
    n_outlets = len({outlet_key(m) for m in supports})
    factualities = [m["factuality"] for m in supports] or ["negated"]
    fact = FactSummary(
        fact_id=fact_id,
        type=as_event_type(type),
        source=source,
        target=target,
        weapons=tuple(sorted(as_weapon_category(w) for w in weapons)),
        factuality=as_factuality(max(factualities, key=FACTUALITY_RANK.__getitem__)),
        weakest_factuality=as_factuality(
            min((m["factuality"] for m in own or basis), key=FACTUALITY_RANK.__getitem__)
        ),
        date=date,
        first_reported=published[0] if published else None,
        last_reported=published[-1] if published else None,
        n_events=len(supports),
        n_outlets=n_outlets,
        n_contradictions=n_contradictions,
        story_id=story,
        summary="",
        status=status,
        status_note=_status_note(status, asserting, n_outlets, contradicted_by),
        contradicted_by=contradicted_by,
    )
    return FactSummary(**{**fact.as_row(), "summary": summarize(fact)}), relation
