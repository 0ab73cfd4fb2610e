"""Validators of the KB files: each turns rows (or parsed TOML) into records and reports what
is wrong as ``file:line: reason``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

import pycountry

from armswatch import partial_dates
from armswatch.kb.reader import Report, Row
from armswatch.kb.records import (
    ACTOR_KINDS,
    ALIAS_CASES,
    ALIAS_KINDS,
    AMBIGUOUS_MARK,
    NON_ISO_MARK,
    PLACE_KINDS,
    ROLES,
    WEAPON_KINDS,
    Actor,
    Alias,
    Conflict,
    Person,
    Place,
    WeaponTerm,
)
from armswatch.models import WEAPON_CATEGORIES

_ISO3 = re.compile(r"[A-Z]{3}")
_SLUG = re.compile(r"[a-z0-9_]+")


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _is_state(actors: Mapping[str, Actor], actor_id: str) -> bool:
    actor = actors.get(actor_id)
    return actor is not None and actor.kind == "state"


def validate_actors(rows: list[Row], report: Report) -> dict[str, Actor]:
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


def validate_aliases(rows: list[Row], actors: Mapping[str, Actor], report: Report) -> list[Alias]:
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


def _check_shared_aliases(aliases: list[Alias], rows: list[Row], report: Report) -> None:
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


def _parse_date(value: str, column: str, origin: str, report: Report) -> bool:
    if partial_dates.shape(value) != "day":
        report.add(origin, f"{column} {value!r} is not YYYY-MM-DD")
        return False
    if not partial_dates.is_valid(value):
        report.add(origin, f"{column} {value!r} is not a calendar date")
        return False
    return True


def validate_people(rows: list[Row], actors: Mapping[str, Actor], report: Report) -> list[Person]:
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


def validate_titles(rows: list[Row], report: Report) -> dict[str, str]:
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


def validate_weapons(rows: list[Row], actors: Mapping[str, Actor], report: Report) -> list[WeaponTerm]:
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


def validate_places(rows: list[Row], actors: Mapping[str, Actor], report: Report) -> list[Place]:
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


def validate_conflicts(
    rows: list[Row], actors: Mapping[str, Actor], places: Sequence[Place], report: Report
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
            if (value or column == "start") and not partial_dates.is_valid(value):
                report.add(row.origin, f"{column} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
                dates_ok = False
        if dates_ok and end and partial_dates.iso_period(end)[1] < partial_dates.iso_period(start)[0]:
            report.add(row.origin, f"end {end} is before start {start}")
        conflicts.append(
            Conflict(id=conflict_id, sides=sides, places=_split(v["places"]), start=start, end=end or None)
        )
    return conflicts


def validate_stopwords(data: Mapping[str, object], label: str, report: Report) -> None:
    """``stopwords.toml``: one list ``words`` of non-empty strings."""
    words = data.get("words")
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        report.add(label, "words: expected a list of non-empty strings")


def validate_sanctions(
    data: Mapping[str, object], label: str, actors: Mapping[str, Actor], report: Report
) -> None:
    """``sanctions.toml``: the regimes, checked by :mod:`armswatch.kb.regimes`."""
    from armswatch.kb.regimes import problems_of

    for problem in problems_of(dict(data), label, actors):
        report.problems.append(problem)


def validate_weapon_phrases(data: Mapping[str, object], label: str, report: Report) -> None:
    """``[weapon_phrases]`` of ``triggers.toml``: the categories it names are contract categories."""
    table = data.get("weapon_phrases", {})
    if not isinstance(table, dict):
        report.add(label, "[weapon_phrases] must be a table")
        return
    parts = table.get("parts", [])
    named = [*(parts if isinstance(parts, list) else [parts])]
    named += [table[k] for k in ("gun_default", "gun_heavy") if k in table]
    for value in named:
        if value not in WEAPON_CATEGORIES:
            report.add(label, f"weapon_phrases: unknown weapon category {value!r}")
