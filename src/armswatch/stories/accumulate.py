"""A fact's aggregate kept up to date one event at a time (incremental :func:`~.facts.aggregate`).

Contract: ``Reader.fact_members`` rows, added one by one in any order -> the same
:class:`~armswatch.stories.facts.FactSummary` and relations that ``aggregate`` computes from all
of them at once, at a cost per added event that does not grow with the fact. Pure: no I/O.

``aggregate`` stays the statement of the rules; this module only keeps, for each polarity of
report, the running values the rules read (unions, counts, extremes, distinct outlets), so that
adding the 4,000th report of a fact costs what adding the second did. A test checks that both
agree on random facts: a change to the rules in ``facts.py`` must be mirrored here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from armswatch.models import FactRelation, as_event_type, as_factuality, as_weapon_category
from armswatch.stories.facts import (
    FACTUALITY_RANK,
    SYMMETRIC_TYPES,
    FactSummary,
    _outlet_key,
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
    """Running values over the reports of one polarity (asserting or negated) of a fact."""

    n: int = 0
    sources: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    votes: Counter[tuple[str, ...]] = field(default_factory=Counter)
    weapons: set[str] = field(default_factory=set)
    strongest: int = -1
    weakest: int = 99
    dates: Counter[str] = field(default_factory=Counter)
    outlets: set[str] = field(default_factory=set)
    first_story: tuple[tuple[Any, ...], str] | None = None
    event_ids: list[str] = field(default_factory=list)

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
        self.outlets.add(_outlet_key(member))
        if member.get("story"):
            key = _order(member)
            if self.first_story is None or key < self.first_story[0]:
                self.first_story = (key, member["story"])
        self.event_ids.append(member["event_id"])


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
    """The aggregate of a fact of ``type`` over the members added so far."""

    def __init__(self, type: str) -> None:
        self.type = type
        self._asserting = _Reports()
        self._negated = _Reports()
        # Members of another type (denials) always contradict; only their documents count.
        self._other_ids: list[str] = []
        self._other_docs: set[str] = set()
        self._negated_docs: set[str] = set()
        self._published: tuple[str, str] | None = None
        self._event_ids: set[str] = set()

    @classmethod
    def of(cls, type: str, members: Iterable[Mapping[str, Any]]) -> FactAccumulator:
        """An accumulator holding ``members``."""
        acc = cls(type)
        for member in members:
            acc.add(member)
        return acc

    def __contains__(self, event_id: object) -> bool:
        return event_id in self._event_ids

    @property
    def asserted(self) -> bool:
        """True once a report of the fact's own type is not negated."""
        return self._asserting.n > 0

    @property
    def has_own(self) -> bool:
        """True when any member has the fact's own type (else the fact is to be deleted)."""
        return self._asserting.n + self._negated.n > 0

    def add(self, member: Mapping[str, Any]) -> dict[str, FactRelation]:
        """Add one member; return the relations that changed (the new member's among them)."""
        if member["event_id"] in self._event_ids:
            return {}
        self._event_ids.add(member["event_id"])
        if member.get("published"):
            day = str(member["published"])[:10]
            low, high = self._published or (day, day)
            self._published = (min(low, day), max(high, day))
        if member["type"] != self.type:
            self._other_ids.append(member["event_id"])
            self._other_docs.add(member["doc_id"])
            return {member["event_id"]: "contradiction"}
        if member["factuality"] == "negated":
            self._negated.add(member)
            self._negated_docs.add(member["doc_id"])
            return {member["event_id"]: "contradiction" if self.asserted else "support"}
        flips = not self.asserted and self._negated.n > 0
        self._asserting.add(member)
        changed: dict[str, FactRelation] = {member["event_id"]: "support"}
        if flips:
            # The first asserting report turns every negated one into a contradiction.
            changed.update(dict.fromkeys(self._negated.event_ids, "contradiction"))
        return changed

    def relations(self) -> dict[str, FactRelation]:
        """Support or contradiction of every member."""
        found: dict[str, FactRelation] = dict.fromkeys(self._asserting.event_ids, "support")
        found.update(dict.fromkeys(self._negated.event_ids, "contradiction" if self.asserted else "support"))
        found.update(dict.fromkeys(self._other_ids, "contradiction"))
        return found

    def summary(self, fact_id: str) -> FactSummary:
        """The fact as ``aggregate`` would state it from the same members."""
        if not self.has_own:
            raise ValueError(f"fact {fact_id} has no events of its type {self.type}")
        supports = self._asserting if self.asserted else self._negated
        if self.type in SYMMETRIC_TYPES:
            target = min(supports.votes, key=lambda key: (-supports.votes[key], key))
            source = tuple(sorted((supports.sources | supports.targets) - set(target)))
        else:
            source, target = tuple(sorted(supports.sources)), tuple(sorted(supports.targets))
        weapons = set(supports.weapons)
        if weapons - {"other"}:
            weapons.discard("other")
        weakest = min(self._asserting.weakest, self._negated.weakest)
        docs = self._other_docs | self._negated_docs if self.asserted else self._other_docs
        fact = FactSummary(
            fact_id=fact_id,
            type=as_event_type(self.type),
            source=source,
            target=tuple(target),
            weapons=tuple(sorted(as_weapon_category(w) for w in weapons)),
            factuality=as_factuality(_BY_RANK[supports.strongest]),
            weakest_factuality=as_factuality(_BY_RANK[weakest]),
            date=agreed_date_of_counts(supports.dates),
            first_reported=self._published[0] if self._published else None,
            last_reported=self._published[1] if self._published else None,
            n_events=supports.n,
            n_outlets=len(supports.outlets),
            n_contradictions=len(docs),
            story_id=supports.first_story[1] if supports.first_story else None,
            summary="",
        )
        return FactSummary(**{**fact.as_row(), "summary": summarize(fact)})
