"""The knowledge base's records: the frozen types :func:`armswatch.kb.load_kb` builds.

Also the vocabularies a KB file's columns are checked against (kinds, roles, marks): they
describe the files, not the world.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from armswatch import partial_dates
from armswatch.errors import KBError as KBError

ACTOR_KINDS = frozenset({"state", "organisation", "group", "company", "think_tank"})
ALIAS_KINDS = frozenset(
    {
        "name",
        "short",
        "abbrev",
        "demonym",
        "capital",
        "metonym",
        "ministry",
        "agency",
        "military",
        "media",
        "body",
    }
)
ALIAS_CASES = frozenset({"exact", "any"})
ROLES = frozenset(
    {
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "defence_minister",
        "spokesperson",
        "intelligence_chief",
        "un_ambassador",
        "secretary_general",
        "other",
    }
)
WEAPON_KINDS = frozenset({"generic", "designation"})
PLACE_KINDS = frozenset({"city", "region", "site", "base", "sea", "island"})

#: The marker that lets a state row use a code that is not ISO 3166-1 (Kosovo's XKX).
NON_ISO_MARK = "non-ISO"
AMBIGUOUS_MARK = "ambiguous"


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, organisation, armed group, company or think tank (``actors.csv``)."""

    id: str
    kind: str
    name: str
    state: str | None
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Alias:
    """A surface text that names an actor (``aliases.csv``)."""

    text: str
    actor_id: str
    kind: str
    exact_case: bool
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class Person:
    """One office held by one person (``people.csv``); ``surface`` is the name, then its aliases."""

    id: str
    name: str
    surface: tuple[str, ...]
    state: str
    role: str
    valid_from: str
    valid_to: str | None


@dataclass(frozen=True, slots=True)
class WeaponTerm:
    """A lower-case weapon word or designation and its contract category (``weapons.csv``)."""

    term: str
    category: str
    kind: str
    maker: str | None


@dataclass(frozen=True, slots=True)
class Place:
    """A region, city, site or body of water that is not an actor (``places.csv``)."""

    name: str
    state: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Conflict:
    """A war with two sides (``conflicts.csv``): who fights it, and where else it is named after.

    ``places`` are state ids or ``places.csv`` names that name the war besides its parties
    ("the war in Gaza"); ``start`` and ``end`` are partial dates (``end`` None: still running).
    """

    id: str
    sides: tuple[tuple[str, ...], tuple[str, ...]]
    places: tuple[str, ...]
    start: str
    end: str | None

    @property
    def parties(self) -> tuple[str, ...]:
        """Every party of both sides, side A first."""
        return (*self.sides[0], *self.sides[1])

    def running(self, when: str) -> bool:
        """Whether the war went on at some time in ``when`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
        first, last = partial_dates.iso_period(when)
        return partial_dates.iso_period(self.start)[0] <= last and (
            self.end is None or partial_dates.iso_period(self.end)[1] >= first
        )


# eq=False keeps the KB hashable by identity: it is cached and shared, never compared by value.
@dataclass(frozen=True, eq=False)
class KB:
    """The loaded knowledge base; build it with :func:`load_kb`."""

    version: str
    actors: Mapping[str, Actor]
    aliases: tuple[Alias, ...]
    people: tuple[Person, ...]
    titles: Mapping[str, str]
    weapons: tuple[WeaponTerm, ...]
    places: tuple[Place, ...]
    conflicts: tuple[Conflict, ...] = ()
    # The TOML files (triggers, stopwords, sanctions) as parsed, overlay merged in.
    tomls: Mapping[str, Mapping[str, object]] = field(default_factory=lambda: MappingProxyType({}))

    def toml(self, name: str) -> Mapping[str, object]:
        """The parsed data of one TOML file of the KB (``"triggers.toml"``), overlay merged in."""
        return self.tomls.get(name, MappingProxyType({}))

    def conflicts_at(self, when: str) -> tuple[Conflict, ...]:
        """Wars running at some time in ``when``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if not partial_dates.is_valid(when):
            raise ValueError(f"not a date: {when!r}")
        return tuple(c for c in self.conflicts if c.running(when))

    def people_at(self, when: str | None) -> tuple[Person, ...]:
        """People in office at ``when``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        A partial date matches every office held at some time in that year or month;
        None gives the offices still held (no ``valid_to``).
        """
        if when is None:
            return tuple(p for p in self.people if p.valid_to is None)
        if not partial_dates.is_valid(when):
            raise ValueError(f"not a date: {when!r}")
        first, last = partial_dates.iso_period(when)
        return tuple(
            p for p in self.people if p.valid_from <= last and (p.valid_to is None or p.valid_to >= first)
        )

    def state_of(self, actor_id: str) -> str | None:
        """The ISO3 code of a state itself, or of the state a company or group belongs to; else None."""
        actor = self.actors.get(actor_id)
        if actor is None:
            return None
        if actor.kind == "state":
            return actor.id
        return actor.state
