"""Knowledge base: actors, aliases, people, titles, weapons, places and wars, loaded from data files.

Contract: the CSV files beside this module (sorted, one entry per line, UTF-8, header row) ->
one frozen :class:`KB`. Python here holds no country, weapon or person names; every such word
lives in the files. ``load_kb`` validates everything that can be checked without the text
(known ids, ISO codes, categories, dates, ambiguity marks) and raises :class:`KBError` naming
file and line; ``check_kb`` returns every problem, including unsorted files, for
``armswatch kb check``.

An overlay directory (``--kb DIR``) may hold files of the same names: their rows are added,
and a row with the same key as a shipped row replaces it. Keys: actors ``id``; aliases
``(alias, actor_id)``; titles ``title`` (case-insensitive); weapons ``term``; places ``name``
(case-insensitive); conflicts ``id``; people ``id``: an overlay that lists a person replaces all of that
person's shipped offices, so it must list every office it wants kept.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import pycountry

from armswatch.errors import KBError
from armswatch.models import WEAPON_CATEGORIES

__all__ = [
    "KB",
    "Actor",
    "Alias",
    "Conflict",
    "KBError",
    "Person",
    "Place",
    "WeaponTerm",
    "check_kb",
    "load_kb",
]

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

#: file name -> (required columns, key columns of a row for overlay replacement)
_FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "actors.csv": (("id", "kind", "name", "state", "members", "note"), ("id",)),
    "aliases.csv": (("alias", "actor_id", "kind", "case", "note"), ("alias", "actor_id")),
    "people.csv": (
        ("id", "name", "aliases", "state", "role", "valid_from", "valid_to", "note"),
        ("id",),
    ),
    "titles.csv": (("title", "role", "note"), ("title",)),
    "weapons.csv": (("term", "category", "kind", "maker", "note"), ("term",)),
    "places.csv": (("name", "state", "kind"), ("name",)),
    "conflicts.csv": (("id", "side_a", "side_b", "places", "start", "end", "note"), ("id",)),
}
#: Keys compared case-insensitively, because the text they match is.
_FOLDED_KEYS = frozenset({"titles.csv", "places.csv"})

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_ISO3 = re.compile(r"[A-Z]{3}")
_SLUG = re.compile(r"[a-z0-9_]+")


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
        first, last = _period(when)
        return _period(self.start)[0] <= last and (self.end is None or _period(self.end)[1] >= first)


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

    def conflicts_at(self, when: str) -> tuple[Conflict, ...]:
        """Wars running at some time in ``when``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if not _PARTIAL_DATE.fullmatch(when):
            raise ValueError(f"not a date: {when!r}")
        return tuple(c for c in self.conflicts if c.running(when))

    def people_at(self, when: str | None) -> tuple[Person, ...]:
        """People in office at ``when``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        A partial date matches every office held at some time in that year or month;
        None gives the offices still held (no ``valid_to``).
        """
        if when is None:
            return tuple(p for p in self.people if p.valid_to is None)
        if not _PARTIAL_DATE.fullmatch(when):
            raise ValueError(f"not a date: {when!r}")
        first, last = _period(when)
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


def _period(when: str) -> tuple[str, str]:
    """First and last ISO day of a partial date, as strings that compare like dates."""
    if len(when) == 4:
        return f"{when}-01-01", f"{when}-12-31"
    if len(when) == 7:
        return f"{when}-01", f"{when}-31"
    return when, when


@dataclass(slots=True)
class _Row:
    values: dict[str, str]
    origin: str  # "kb/aliases.csv:12"


@dataclass(slots=True)
class _Report:
    problems: list[str] = field(default_factory=list)

    def add(self, origin: str, reason: str) -> None:
        self.problems.append(f"{origin}: {reason}")


def row_sort_key(row: Sequence[str]) -> tuple[str, str]:
    """The order every KB file keeps: first column, then second, both case-insensitive."""
    first = row[0].casefold() if row else ""
    second = row[1].casefold() if len(row) > 1 else ""
    return first, second


def _read(text: str, label: str, name: str, report: _Report, check_order: bool) -> list[_Row]:
    required, _ = _FILES[name]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        report.add(f"{label}:1", "empty file, expected a header row")
        return []
    missing = [column for column in required if column not in header]
    if missing:
        report.add(f"{label}:1", f"missing column(s) {', '.join(missing)}")
        return []
    rows: list[_Row] = []
    previous: tuple[str, str] | None = None
    for fields in reader:
        origin = f"{label}:{reader.line_num}"
        if not fields or all(not value.strip() for value in fields):
            continue
        if len(fields) != len(header):
            report.add(origin, f"expected {len(header)} fields, found {len(fields)}")
            continue
        values = dict(zip(header, fields, strict=True))
        spaced = [column for column, value in values.items() if value != value.strip()]
        if spaced:
            report.add(origin, f"leading or trailing spaces in {', '.join(spaced)}")
            values = {column: value.strip() for column, value in values.items()}
        if check_order:
            key = row_sort_key(fields)
            if previous is not None and key < previous:
                report.add(origin, f"not sorted: {fields[0]!r} belongs before the line above")
            previous = key
        rows.append(_Row(values, origin))
    return rows


def _merge(base: list[_Row], extra: list[_Row], name: str) -> list[_Row]:
    """Rows of ``base`` with ``extra`` added; an extra row with the same key replaces the base row."""
    _, key_columns = _FILES[name]
    folded = name in _FOLDED_KEYS

    def key(row: _Row) -> tuple[str, ...]:
        parts = tuple(row.values[column] for column in key_columns)
        return tuple(part.casefold() for part in parts) if folded else parts

    replaced = {key(row) for row in extra}
    return [row for row in base if key(row) not in replaced] + extra


def _package_texts() -> dict[str, str]:
    here = resources.files(__name__)
    return {name: here.joinpath(name).read_text(encoding="utf-8") for name in (*_FILES, "VERSION")}


def _overlay_texts(overlay: Path, report: _Report) -> dict[str, str]:
    if not overlay.is_dir():
        report.add(str(overlay), "not a directory")
        return {}
    texts: dict[str, str] = {}
    for path in sorted(overlay.iterdir()):
        if path.name in _FILES or path.name == "VERSION":
            # utf-8-sig: an overlay saved from a spreadsheet may start with a byte-order mark.
            texts[path.name] = path.read_text(encoding="utf-8-sig")
        elif path.suffix == ".csv":
            report.add(str(path), f"unknown KB file (expected one of {', '.join(_FILES)})")
    return texts


def _build(overlay: Path | None, check_order: bool) -> tuple[KB | None, list[str]]:
    report = _Report()
    package = _package_texts()
    extra = _overlay_texts(overlay, report) if overlay is not None else {}
    tables: dict[str, list[_Row]] = {}
    for name in _FILES:
        rows = _read(package[name], f"kb/{name}", name, report, check_order)
        if name in extra:
            label = str(overlay / name) if overlay is not None else name
            rows = _merge(rows, _read(extra[name], label, name, report, check_order), name)
        tables[name] = rows
    version = package["VERSION"].strip()
    if overlay is not None:
        version += "+" + (extra.get("VERSION", "").strip() or "overlay")

    actors = _validate_actors(tables["actors.csv"], report)
    aliases = _validate_aliases(tables["aliases.csv"], actors, report)
    people = _validate_people(tables["people.csv"], actors, report)
    titles = _validate_titles(tables["titles.csv"], report)
    weapons = _validate_weapons(tables["weapons.csv"], actors, report)
    places = _validate_places(tables["places.csv"], actors, report)
    conflicts = _validate_conflicts(tables["conflicts.csv"], actors, places, report)
    if report.problems:
        return None, report.problems
    kb = KB(
        version=version,
        actors=MappingProxyType(dict(sorted(actors.items()))),
        aliases=tuple(aliases),
        people=tuple(people),
        titles=MappingProxyType(titles),
        weapons=tuple(weapons),
        places=tuple(places),
        conflicts=tuple(conflicts),
    )
    return kb, []


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _is_state(actors: Mapping[str, Actor], actor_id: str) -> bool:
    actor = actors.get(actor_id)
    return actor is not None and actor.kind == "state"


def _validate_actors(rows: list[_Row], report: _Report) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    origins: dict[str, str] = {}
    for row in rows:
        v = row.values
        actor_id, kind = v["id"], v["kind"]
        if not actor_id:
            report.add(row.origin, "empty id")
            continue
        if actor_id in actors:
            report.add(row.origin, f"duplicate id {actor_id!r} (first at {origins[actor_id]})")
            continue
        if kind not in ACTOR_KINDS:
            report.add(row.origin, f"unknown kind {kind!r}")
        if not v["name"]:
            report.add(row.origin, "empty name")
        if kind == "state":
            if not _ISO3.fullmatch(actor_id):
                report.add(row.origin, f"state id {actor_id!r} is not three capital letters")
            elif pycountry.countries.get(alpha_3=actor_id) is None and NON_ISO_MARK not in v["note"]:
                report.add(
                    row.origin,
                    f"{actor_id!r} is not an ISO 3166-1 alpha-3 code"
                    f" (mark the note {NON_ISO_MARK!r} to allow it)",
                )
        actors[actor_id] = Actor(
            id=actor_id,
            kind=kind,
            name=v["name"],
            state=v["state"] or None,
            members=_split(v["members"]),
        )
        origins[actor_id] = row.origin
    for row in rows:
        v = row.values
        if v["state"] and not _is_state(actors, v["state"]):
            report.add(row.origin, f"state {v['state']!r} is not a state id of actors.csv")
        for member in _split(v["members"]):
            if member not in actors:
                report.add(row.origin, f"unknown member id {member!r}")
    return actors


def _validate_aliases(rows: list[_Row], actors: Mapping[str, Actor], report: _Report) -> list[Alias]:
    aliases: list[Alias] = []
    seen: dict[tuple[str, str], str] = {}
    for row in rows:
        v = row.values
        text, actor_id = v["alias"], v["actor_id"]
        if not text:
            report.add(row.origin, "empty alias")
            continue
        if (text, actor_id) in seen:
            report.add(
                row.origin, f"duplicate alias {text!r} -> {actor_id} (first at {seen[text, actor_id]})"
            )
            continue
        seen[text, actor_id] = row.origin
        if actor_id not in actors:
            report.add(row.origin, f"unknown actor id {actor_id!r}")
        if v["kind"] not in ALIAS_KINDS:
            report.add(row.origin, f"unknown alias kind {v['kind']!r}")
        if v["case"] not in ALIAS_CASES:
            report.add(row.origin, f"case must be 'exact' or 'any', not {v['case']!r}")
        aliases.append(
            Alias(
                text=text,
                actor_id=actor_id,
                kind=v["kind"],
                exact_case=v["case"] == "exact",
                ambiguous=AMBIGUOUS_MARK in v["note"].casefold(),
            )
        )
    _check_shared_aliases(aliases, rows, report)
    return aliases


def _check_shared_aliases(aliases: list[Alias], rows: list[_Row], report: _Report) -> None:
    """An alias that can match the same text as an alias of another actor must be marked ambiguous."""
    origin = {(row.values["alias"], row.values["actor_id"]): row.origin for row in rows}
    groups: dict[str, list[Alias]] = defaultdict(list)
    for alias in aliases:
        groups[alias.text.casefold()].append(alias)
    found: list[tuple[str, str]] = []
    for group in groups.values():
        for alias in group:
            if alias.ambiguous:
                continue
            rivals = sorted(
                {
                    other.actor_id
                    for other in group
                    if other.actor_id != alias.actor_id
                    and (other.text == alias.text or not (other.exact_case and alias.exact_case))
                }
            )
            if rivals:
                found.append(
                    (
                        origin[alias.text, alias.actor_id],
                        f"alias {alias.text!r} also names {', '.join(rivals)}:"
                        f" mark the note {AMBIGUOUS_MARK!r}",
                    )
                )
    # An overlay row usually brings the clash, so it is named before the shipped row it clashes with.
    found.sort(key=lambda item: item[0].startswith("kb/"))
    for where, reason in found:
        report.add(where, reason)


def _parse_date(value: str, column: str, origin: str, report: _Report) -> bool:
    if not _DATE.fullmatch(value):
        report.add(origin, f"{column} {value!r} is not YYYY-MM-DD")
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        report.add(origin, f"{column} {value!r} is not a calendar date")
        return False
    return True


def _validate_people(rows: list[_Row], actors: Mapping[str, Actor], report: _Report) -> list[Person]:
    people: list[Person] = []
    names: dict[str, tuple[str, str]] = {}
    seen: dict[tuple[str, str, str], str] = {}
    surface_owner: dict[str, tuple[str, str]] = {}
    for row in rows:
        v = row.values
        person_id, role, valid_from, valid_to = v["id"], v["role"], v["valid_from"], v["valid_to"]
        key = (person_id, role, valid_from)
        if key in seen:
            report.add(row.origin, f"duplicate office {person_id}/{role}/{valid_from} (first at {seen[key]})")
            continue
        seen[key] = row.origin
        if not person_id or not re.fullmatch(r"[a-z0-9_]+", person_id):
            report.add(row.origin, f"person id {person_id!r} must be a lower-case slug")
        if not v["name"]:
            report.add(row.origin, "empty name")
        identity = (v["name"], v["aliases"])
        if person_id in names and names[person_id] != identity:
            report.add(row.origin, f"name or aliases of {person_id!r} differ from its first row")
        names.setdefault(person_id, identity)
        if v["state"] not in actors:
            report.add(row.origin, f"unknown actor id {v['state']!r}")
        if role not in ROLES:
            report.add(row.origin, f"unknown role {role!r}")
        from_ok = _parse_date(valid_from, "valid_from", row.origin, report)
        to_ok = not valid_to or _parse_date(valid_to, "valid_to", row.origin, report)
        if from_ok and to_ok and valid_to and valid_to < valid_from:
            report.add(row.origin, f"valid_to {valid_to} is before valid_from {valid_from}")
        surface = (v["name"], *(a for a in _split(v["aliases"]) if a != v["name"]))
        for text in surface:
            owner = surface_owner.setdefault(text.casefold(), (person_id, row.origin))
            if owner[0] != person_id:
                report.add(row.origin, f"surface form {text!r} also names {owner[0]} ({owner[1]})")
        people.append(
            Person(
                id=person_id,
                name=v["name"],
                surface=surface,
                state=v["state"],
                role=role,
                valid_from=valid_from,
                valid_to=valid_to or None,
            )
        )
    return people


def _validate_titles(rows: list[_Row], report: _Report) -> dict[str, str]:
    titles: dict[str, str] = {}
    for row in rows:
        title, role = row.values["title"], row.values["role"]
        if not title:
            report.add(row.origin, "empty title")
            continue
        if title.casefold() in titles:
            report.add(row.origin, f"duplicate title {title!r}")
        if role not in ROLES:
            report.add(row.origin, f"unknown role {role!r}")
        titles[title.casefold()] = role
    return titles


def _validate_weapons(rows: list[_Row], actors: Mapping[str, Actor], report: _Report) -> list[WeaponTerm]:
    weapons: list[WeaponTerm] = []
    seen: set[str] = set()
    for row in rows:
        v = row.values
        term, kind, maker = v["term"], v["kind"], v["maker"]
        if not term:
            report.add(row.origin, "empty term")
            continue
        if term != term.lower():
            report.add(row.origin, f"term {term!r} must be lower-case")
        if term in seen:
            report.add(row.origin, f"duplicate term {term!r}")
        seen.add(term)
        if v["category"] not in WEAPON_CATEGORIES:
            report.add(row.origin, f"unknown weapon category {v['category']!r}")
        if kind not in WEAPON_KINDS:
            report.add(row.origin, f"kind must be 'generic' or 'designation', not {kind!r}")
        if maker and not _is_state(actors, maker):
            report.add(row.origin, f"maker {maker!r} is not a state id of actors.csv")
        if kind == "generic" and maker:
            report.add(row.origin, "a generic term has no maker")
        weapons.append(WeaponTerm(term=term, category=v["category"], kind=kind, maker=maker or None))
    return weapons


def _validate_places(rows: list[_Row], actors: Mapping[str, Actor], report: _Report) -> list[Place]:
    places: list[Place] = []
    seen: set[str] = set()
    for row in rows:
        v = row.values
        name, state, kind = v["name"], v["state"], v["kind"]
        if not name:
            report.add(row.origin, "empty name")
            continue
        if name.casefold() in seen:
            report.add(row.origin, f"duplicate place {name!r}")
        seen.add(name.casefold())
        if state and not _is_state(actors, state):
            report.add(row.origin, f"state {state!r} is not a state id of actors.csv")
        if kind not in PLACE_KINDS:
            report.add(row.origin, f"unknown place kind {kind!r}")
        places.append(Place(name=name, state=state or None, kind=kind))
    return places


def _validate_conflicts(
    rows: list[_Row], actors: Mapping[str, Actor], places: Sequence[Place], report: _Report
) -> list[Conflict]:
    conflicts: list[Conflict] = []
    seen: dict[str, str] = {}
    place_names = {place.name.casefold() for place in places}
    for row in rows:
        v = row.values
        conflict_id, start, end = v["id"], v["start"], v["end"]
        if not _SLUG.fullmatch(conflict_id):
            report.add(row.origin, f"conflict id {conflict_id!r} must be a lower-case slug")
            continue
        if conflict_id in seen:
            report.add(row.origin, f"duplicate conflict {conflict_id!r} (first at {seen[conflict_id]})")
            continue
        seen[conflict_id] = row.origin
        sides = (_split(v["side_a"]), _split(v["side_b"]))
        for column, side in zip(("side_a", "side_b"), sides, strict=True):
            if not side:
                report.add(row.origin, f"{column} names no party")
            for party in side:
                if party not in actors:
                    report.add(row.origin, f"unknown actor id {party!r} in {column}")
        both = sorted(set(sides[0]) & set(sides[1]))
        if both:
            report.add(row.origin, f"{', '.join(both)} on both sides")
        for place in _split(v["places"]):
            if place not in actors and place.casefold() not in place_names:
                report.add(row.origin, f"place {place!r} is neither an actor id nor a name of places.csv")
        dates_ok = True
        for column, value in (("start", start), ("end", end)):
            if (value or column == "start") and not _valid_partial_date(value):
                report.add(row.origin, f"{column} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
                dates_ok = False
        if dates_ok and end and _period(end)[1] < _period(start)[0]:
            report.add(row.origin, f"end {end} is before start {start}")
        conflicts.append(
            Conflict(id=conflict_id, sides=sides, places=_split(v["places"]), start=start, end=end or None)
        )
    return conflicts


def _valid_partial_date(value: str) -> bool:
    if not _PARTIAL_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(_period(value)[0])
    except ValueError:
        return False
    return True


def _normalise(overlay: str | Path | None) -> Path | None:
    return None if overlay is None else Path(overlay).expanduser().resolve()


@functools.lru_cache(maxsize=8)
def _load(overlay: Path | None) -> KB:
    kb, problems = _build(overlay, check_order=False)
    if kb is None:
        raise KBError(problems[0], problems)
    return kb


def load_kb(overlay: str | Path | None = None) -> KB:
    """Load, validate and cache the shipped KB, with an overlay directory's rows added.

    Raises:
        KBError: a file is malformed; the message names ``file:line`` and the reason.
    """
    return _load(_normalise(overlay))


def check_kb(overlay: str | Path | None = None) -> list[str]:
    """Every problem of the KB and overlay, unsorted rows included, as ``file:line: reason``; [] if fine."""
    _, problems = _build(_normalise(overlay), check_order=True)
    return problems
