"""Facts: what several reports state, merged across documents.

Contract: stored events (dicts as ``Reader.events`` / ``Reader.fact_members`` return them) ->
a decision whether an event states the same thing as a known fact (:func:`match_score`), and
the aggregate of a fact's events (:func:`aggregate`): union of parties and weapons, agreed
date, strongest and weakest factuality, first and last report, independent outlets and
contradictions. Pure: no I/O.

Two reports state the same thing when they have the same event type, overlapping parties in
each role (an empty role is unknown, not different), compatible weapons (``other`` says
nothing) and dates at most :data:`DATE_TOLERANCE` days apart. A negated report of the fact, or
a denial read from the same sentence as one, contradicts it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from armswatch.kb.event_types import types_where
from armswatch.models import (
    EventType,
    FactRelation,
    Factuality,
    WeaponCategory,
    as_event_type,
    as_factuality,
    as_weapon_category,
)
from armswatch.partial_dates import gap_days

#: Strength of factualities: certain > possible > negated.
FACTUALITY_RANK: dict[Factuality, int] = {"negated": 0, "possible": 1, "certain": 2}
#: Types whose parties all act together, so that roles are compared as one set.
SYMMETRIC_TYPES = types_where(lambda t: t.symmetric)
#: Types a denial can contradict when the denier is among the fact's sources.
DENIABLE_TYPES = types_where(lambda t: t.deniable)
#: Days two dates may lie apart and still name one event (outlets date a statement a day apart).
DATE_TOLERANCE = 3


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


def _roles_score(type: str, event: Mapping[str, Any], fact: Mapping[str, Any]) -> float | None:
    es, et = set(event["source"]), set(event["target"])
    fs, ft = set(fact["source"]), set(fact["target"])
    if type in SYMMETRIC_TYPES:
        mine, theirs = es | et, fs | ft
        common = mine & theirs
        if not common or len(common) < min(2, len(mine), len(theirs)):
            return None
        if len(common) / len(mine | theirs) < 0.5:
            return None
        return 2.0 * len(common)
    if (es and fs and not es & fs) or (et and ft and not et & ft):
        return None
    if not (es & fs or et & ft):
        return None
    return 2.0 * len(es & fs) + 2.0 * len(et & ft)


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


def match_score(
    event: Mapping[str, Any], fact: Mapping[str, Any], *, tolerance: int = DATE_TOLERANCE
) -> float | None:
    """How well an event fits a fact (higher is better), or None when it states something else."""
    if event["type"] != fact["type"]:
        return None
    score = _roles_score(event["type"], event, fact)
    if score is None:
        return None
    mine, theirs = _named(event["weapons"]), _named(fact["weapons"])
    if mine and theirs and not mine & theirs:
        return None
    score += len(mine & theirs)
    gap = date_gap(event["date"], fact["date"])
    if gap is not None:
        if gap > tolerance:
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


def _outlet_key(member: Mapping[str, Any]) -> str:
    # A near-duplicate counts as its original's outlet; an article without an outlet as itself.
    if member.get("original_doc_id"):
        return member.get("original_outlet") or "doc:" + str(member["original_doc_id"])
    return member.get("outlet") or "doc:" + str(member["doc_id"])


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


def relations(type: str, members: Sequence[Mapping[str, Any]]) -> dict[str, FactRelation]:
    """Support or contradiction for each member event of a fact of ``type``.

    Negated reports contradict a fact that someone asserts (as certain or possible); when
    nobody does, they are the fact. Denials attached to a fact always contradict it.
    """
    asserted = any(m["type"] == type and m["factuality"] != "negated" for m in members)
    found: dict[str, FactRelation] = {}
    for m in members:
        if m["type"] != type or (asserted and m["factuality"] == "negated"):
            found[m["event_id"]] = "contradiction"
        else:
            found[m["event_id"]] = "support"
    return found


def summarize(fact: FactSummary) -> str:
    """One line for lists: parties, type, weapons, factuality, date and corroboration."""
    parties = ", ".join(fact.source) or "?"
    if fact.target:
        parties += " → " + ", ".join(fact.target)
    text = f"{parties}: {fact.type.replace('_', ' ')}"
    if fact.weapons:
        text += f" ({', '.join(fact.weapons)})"
    text += f", {fact.factuality}"
    text += f", {fact.date}" if fact.date else ", undated"
    outlets = "outlet" if fact.n_outlets == 1 else "outlets"
    text += f"; {fact.n_outlets} {outlets}"
    if fact.n_contradictions:
        text += f", {fact.n_contradictions} contradicting"
    return text


def aggregate(
    fact_id: str, type: str, members: Sequence[Mapping[str, Any]]
) -> tuple[FactSummary, dict[str, FactRelation]]:
    """The fact that ``members`` (``Reader.fact_members`` rows, oldest report first) make up.

    Returns the summary and each member's relation. ``members`` must not be empty.
    """
    if not members:
        raise ValueError(f"fact {fact_id} has no events")
    relation = relations(type, members)
    supports = [m for m in members if relation[m["event_id"]] == "support"]
    contradicting = [m for m in members if relation[m["event_id"]] == "contradiction"]
    own = [m for m in members if m["type"] == type]
    source, target = _roles(type, supports)
    weapons = set(_union(m["weapons"] for m in supports))
    if weapons - {"other"}:
        weapons.discard("other")
    published = sorted(str(m["published"])[:10] for m in members if m.get("published"))
    story = next((m["story"] for m in supports if m.get("story")), None)
    fact = FactSummary(
        fact_id=fact_id,
        type=as_event_type(type),
        source=source,
        target=target,
        weapons=tuple(sorted(as_weapon_category(w) for w in weapons)),
        factuality=as_factuality(max((m["factuality"] for m in supports), key=FACTUALITY_RANK.__getitem__)),
        weakest_factuality=as_factuality(
            min((m["factuality"] for m in own or supports), key=FACTUALITY_RANK.__getitem__)
        ),
        date=agreed_date(m["date"] for m in supports),
        first_reported=published[0] if published else None,
        last_reported=published[-1] if published else None,
        n_events=len(supports),
        n_outlets=len({_outlet_key(m) for m in supports}),
        n_contradictions=len({m["doc_id"] for m in contradicting}),
        story_id=story,
        summary="",
    )
    summary = summarize(fact)
    return FactSummary(**{**fact.as_row(), "summary": summary}), relation
