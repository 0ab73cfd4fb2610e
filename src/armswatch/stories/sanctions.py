"""The flags UN sanctions regimes raise on corroborated facts.

Contract: the validated regimes of :mod:`armswatch.kb.regimes` and a fact
(:class:`~armswatch.stories.facts.FactSummary`) -> the :class:`Flag` records of every regime
whose ban covers its type, direction, parties, weapons and date. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from armswatch.kb.event_types import event_type_traits
from armswatch.kb.regimes import (
    DIRECTIONS,
    FILE_NAME,
    Measure,
    Regime,
    SanctionsError,
    check_regimes,
    load_regimes,
    natural_order,
)
from armswatch.models import FlagStatus
from armswatch.partial_dates import iso_period

if TYPE_CHECKING:
    from armswatch.kb import KB
    from armswatch.stories.facts import FactSummary

__all__ = [
    "DIRECTIONS",
    "FILE_NAME",
    "Flag",
    "Measure",
    "Regime",
    "SanctionsError",
    "check_regimes",
    "flags_for",
    "load_regimes",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag:
    """A fact that falls under a regime: which clause, how sure, and why in words."""

    regime: str
    resolution: str
    clause: str
    status: FlagStatus
    reasoning: str


def _days(when: str | None) -> tuple[str, str] | None:
    """First and last ISO day of a fact's date; None when it names no period."""
    if when is None:
        return None
    try:
        return iso_period(when)
    except ValueError:
        return None


def _in_force(measure: Measure, when: str | None) -> bool:
    days = _days(when)
    if days is None:
        # An undated report can only be held against a ban that is still in force.
        return measure.until is None
    first, last = days
    return last >= measure.start and (measure.until is None or first < measure.until)


def _parties(actors: Iterable[str], measure: Measure, states: Mapping[str, str | None]) -> list[str]:
    hits = []
    for actor in actors:
        state = states.get(actor)
        if actor in measure.targets or (state is not None and state in measure.targets):
            hits.append(actor)
    return hits


def _covers_weapons(measure: Measure, weapons: frozenset[str]) -> bool:
    named = weapons - {"other"}
    if measure.weapons is None:
        return not named or bool(named - measure.excluded)
    return bool(named & measure.weapons)


def _applies(measure: Measure, fact: FactSummary, when: str | None, states: Mapping[str, str | None]) -> bool:
    if fact.type not in measure.types or not _covers_weapons(measure, frozenset(fact.weapons)):
        return False
    direction = measure.direction
    hit = False
    if direction in ("to", "either"):
        hit = bool(_parties(fact.target, measure, states))
    if direction in ("from", "either", "by"):
        hit = hit or bool(_parties(fact.source, measure, states))
    return hit and _in_force(measure, when)


def _status(measure: Measure, fact_status: str) -> FlagStatus:
    # A breach needs a fact an uninvolved voice reports: one party's word is an allegation.
    if measure.contested_by:
        return "contested"
    if not measure.binding or measure.conditional:
        return "potential"
    return "breach" if fact_status == "reported" else "alleged_breach"


def describe_fact(fact: FactSummary) -> str:
    """``arms_transfer PRK→RUS, ammunition, 2023-09``: the fact as a flag's reasoning opens."""
    parties = ",".join(fact.source) or "?"
    if not event_type_traits()[fact.type].targetless or fact.target:
        parties += "→" + (",".join(fact.target) or "?")
    weapons = ", ".join(w for w in fact.weapons) or "weapons unspecified"
    if fact.date:
        when = fact.date
    elif fact.first_reported:
        when = f"undated, first reported {fact.first_reported}"
    else:
        when = "undated"
    return f"{fact.type} {parties}, {weapons}, {when}"


def flags_for(fact: FactSummary, regimes: Sequence[Regime], kb: KB | None = None) -> list[Flag]:
    """One flag per regime whose ban covers the fact, naming its first matching clause.

    Denied facts raise nothing; a fact without a date is checked at its first report date. A
    breach needs a ``reported`` fact; a claimed, hedged or disputed one is an alleged breach.
    """
    if fact.status == "denied":
        return []
    when = fact.date or fact.first_reported
    # A company or group counts as its state (komid -> PRK).
    states = {actor: kb.state_of(actor) if kb is not None else None for actor in (*fact.source, *fact.target)}
    flags: list[Flag] = []
    for regime in regimes:
        matched = [m for m in regime.measures if _applies(m, fact, when, states)]
        if not matched:
            continue
        main = matched[0]
        status = _status(main, fact.status)
        reasoning = f"{describe_fact(fact)}: {main.citation} {main.bans}"
        others = sorted({m.citation for m in matched[1:]} - {main.citation}, key=natural_order)
        if others:
            reasoning += f" (also {', '.join(others)})"
        if main.conditional:
            reasoning += f", {main.conditional}"
        if not main.binding:
            reasoning += " (not binding)"
        if fact.status != "reported":
            reasoning += f"; {fact.status}: {fact.status_note}"
        if main.contested:
            reasoning += f"; contested: {main.contested}"
        flags.append(
            Flag(
                regime=regime.id,
                resolution=main.resolution,
                clause=main.clause,
                status=status,
                reasoning=reasoning,
            )
        )
    return flags
