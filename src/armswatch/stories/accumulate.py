"""A fact's aggregate kept up to date one event at a time (incremental :func:`~.facts.aggregate`).

Contract: ``Reader.fact_members`` rows, added one by one in any order -> the same
:class:`~armswatch.stories.facts.FactSummary` and relations that ``aggregate`` computes from all
of them at once, at a cost per added event that does not grow with the fact. Pure: no I/O.

``aggregate`` stays the statement of the rules; this module only keeps the running values the
rules read, so that adding the 4,000th report of a fact costs what adding the second did:

* a report's relation is its own stance's (:func:`~.facts.stance`), so adding a report never
  changes another's;
* the roles, weapons, dates, story and factualities are read from the supporting reports, else
  the reports of the fact's own type, else all of them: each of the three pools keeps its
  unions, counts and extremes, and the summary reads the first pool that is not empty;
* contradictions are distinct (outlet, sentence) pairs and their speakers a union; outlets are
  distinct keys of the supporting reports;
* the status needs to know whether an asserting report has a speaker who is not party to the
  fact, and who the parties are depends on the roles and the date: the distinct speaker sets of
  the asserting reports are kept (a handful per fact) and judged when the summary is read.

A test checks that both agree on random facts: a change to the rules in ``facts.py`` must be
mirrored here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from armswatch.models import FactRelation, FactStatus, as_event_type, as_factuality, as_weapon_category
from armswatch.stories.facts import (
    FACTUALITY_RANK,
    STANCE_RELATION,
    SYMMETRIC_TYPES,
    FactSummary,
    Involvement,
    _status_note,
    fact_status,
    outlet_key,
    sentence_key,
    speakers,
    stance,
    summarize,
)

_BY_RANK = {rank: name for name, rank in FACTUALITY_RANK.items()}


def _order(member: Mapping[str, Any]) -> tuple[Any, ...]:
    # The order of Reader.fact_members: publication (undated last), document, offset, id.
    published = member.get("published")
    return (
        published is None,
        published or "",
        member["doc_id"],
        member["evidence_start"],
        member["event_id"],
    )


@dataclass
class _Reports:
    """Running values over one pool of a fact's reports (supporting, own type, or all)."""

    n: int = 0
    sources: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    votes: Counter[tuple[str, ...]] = field(default_factory=Counter)
    weapons: set[str] = field(default_factory=set)
    strongest: int = -1
    weakest: int = 99
    dates: Counter[str] = field(default_factory=Counter)
    first_story: tuple[tuple[Any, ...], str] | None = None

    def add(self, member: Mapping[str, Any]) -> None:
        self.n += 1
        self.sources.update(member["source"])
        self.targets.update(member["target"])
        self.votes[tuple(sorted(member["target"]))] += 1
        self.weapons.update(member["weapons"])
        rank = FACTUALITY_RANK[member["factuality"]]
        self.strongest = max(self.strongest, rank)
        self.weakest = min(self.weakest, rank)
        if member["date"]:
            self.dates[member["date"]] += 1
        if member.get("story"):
            key = _order(member)
            if self.first_story is None or key < self.first_story[0]:
                self.first_story = (key, member["story"])

    def roles(self, type: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``facts._roles`` of this pool's reports."""
        if type not in SYMMETRIC_TYPES:
            return tuple(sorted(self.sources)), tuple(sorted(self.targets))
        target = min(self.votes, key=lambda key: (-self.votes[key], key))
        return tuple(sorted((self.sources | self.targets) - set(target))), target


def agreed_date_of_counts(dates: Mapping[str, int]) -> str | None:
    """``facts.agreed_date`` of a multiset of dates given as counts (what each date is reported as)."""
    known = sorted((d for d, n in dates.items() if d and n), key=lambda d: (-len(d), d))
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
    return min(known, key=lambda d: (-dates[d], d))


class FactAccumulator:
    """The aggregate of a fact of ``type`` over the members added so far; ``involvement`` and
    ``forbidding`` are what ``aggregate`` is given."""

    def __init__(
        self,
        type: str,
        *,
        involvement: Involvement | None = None,
        forbidding: frozenset[str] = frozenset(),
    ) -> None:
        self.type = type
        self.involvement = involvement or Involvement()
        self.forbidding = forbidding
        self._supports = _Reports()
        self._own = _Reports()
        self._all = _Reports()
        self._relations: dict[str, FactRelation] = {}
        self._published: tuple[str, str] | None = None
        self._outlets: set[str] = set()
        self._contradictions: set[tuple[str, str]] = set()
        self._contradicted_by: set[str] = set()
        self._hedging = 0
        # Speaker sets of the asserting reports, and how many reports each: () for an outlet's voice.
        self._asserting: Counter[tuple[str, ...]] = Counter()

    @classmethod
    def of(
        cls,
        type: str,
        members: Iterable[Mapping[str, Any]],
        *,
        involvement: Involvement | None = None,
        forbidding: frozenset[str] = frozenset(),
    ) -> FactAccumulator:
        """An accumulator holding ``members``."""
        acc = cls(type, involvement=involvement, forbidding=forbidding)
        for member in members:
            acc.add(member)
        return acc

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._relations

    @property
    def has_own(self) -> bool:
        """True when any member has the fact's own type (else the fact is to be deleted)."""
        return self._own.n > 0

    def add(self, member: Mapping[str, Any]) -> dict[str, FactRelation]:
        """Add one member; return the relations that changed (only the new member's: a report's
        relation follows from its own stance)."""
        event_id = member["event_id"]
        if event_id in self._relations:
            return {}
        position = stance(member, self.type, forbidding=self.forbidding)
        relation = STANCE_RELATION[position]
        self._relations[event_id] = relation
        if member.get("published"):
            day = str(member["published"])[:10]
            low, high = self._published or (day, day)
            self._published = (min(low, day), max(high, day))
        self._all.add(member)
        if member["type"] == self.type:
            self._own.add(member)
        if relation == "support":
            self._supports.add(member)
            self._outlets.add(outlet_key(member))
            if position == "asserts":
                self._asserting[tuple(speakers(member))] += 1
            elif position == "hedges":
                self._hedging += 1
        elif relation == "contradiction":
            self._contradictions.add((outlet_key(member), sentence_key(member)))
            if member["type"] != self.type:
                self._contradicted_by.update(member["source"])
            elif member.get("attributed_to"):
                self._contradicted_by.add(str(member["attributed_to"]))
        return {event_id: relation}

    def relations(self) -> dict[str, FactRelation]:
        """Support, contradiction or context of every member."""
        return dict(self._relations)

    def _basis(self) -> _Reports:
        # A fact nobody asserts is what its negated reports say it is not.
        if self._supports.n:
            return self._supports
        return self._own if self._own.n else self._all

    def _status(
        self, source: tuple[str, ...], target: tuple[str, ...], date: str | None
    ) -> tuple[FactStatus, list[dict[str, Any]]]:
        """The fact's status, and one stand-in member per asserting speaker set (for the note)."""
        when = date or (self._published[0] if self._published else None)
        parties = self.involvement.parties((*source, *target), when)
        # One member per distinct speaker set judges like all its reports: fact_status and the
        # note read only whether a report is asserting and who speaks it.
        asserting = [{"attributed_to": None, "voiced_by": list(voices)} for voices in self._asserting]
        hedging: list[dict[str, Any]] = [{}] if self._hedging else []
        status = fact_status(
            self.type,
            asserting,
            hedging,
            len(self._contradictions),
            lambda speaker: self.involvement.involved(speaker, parties),
        )
        return status, asserting

    def summary(self, fact_id: str) -> FactSummary:
        """The fact as ``aggregate`` would state it from the same members."""
        if not self.has_own:
            raise ValueError(f"fact {fact_id} has no events of its type {self.type}")
        basis = self._basis()
        source, target = basis.roles(self.type)
        weapons = set(basis.weapons)
        if weapons - {"other"}:
            weapons.discard("other")
        date = agreed_date_of_counts(basis.dates)
        status, asserting = self._status(source, target, date)
        contradicted_by = tuple(sorted(self._contradicted_by))
        n_outlets = len(self._outlets)
        strongest = self._supports.strongest if self._supports.n else FACTUALITY_RANK["negated"]
        fact = FactSummary(
            fact_id=fact_id,
            type=as_event_type(self.type),
            source=source,
            target=tuple(target),
            weapons=tuple(sorted(as_weapon_category(w) for w in weapons)),
            factuality=as_factuality(_BY_RANK[strongest]),
            weakest_factuality=as_factuality(_BY_RANK[self._own.weakest]),
            date=date,
            first_reported=self._published[0] if self._published else None,
            last_reported=self._published[1] if self._published else None,
            n_events=self._supports.n,
            n_outlets=n_outlets,
            n_contradictions=len(self._contradictions),
            story_id=basis.first_story[1] if basis.first_story else None,
            summary="",
            status=status,
            status_note=_status_note(status, asserting, n_outlets, contradicted_by),
            contradicted_by=contradicted_by,
        )
        return FactSummary(**{**fact.as_row(), "summary": summarize(fact)})
