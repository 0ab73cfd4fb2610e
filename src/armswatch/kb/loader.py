"""The one reader of the KB: every shipped file, with an overlay directory's files merged in,
validated and cached as one frozen :class:`~armswatch.kb.records.KB`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from types import MappingProxyType

from armswatch.kb.overlay import merge_rows, merge_toml, overlay_texts
from armswatch.kb.reader import CSV_FILES, TOML_FILES, Report, Row, package_texts, read_csv, read_toml
from armswatch.kb.records import KB, KBError
from armswatch.kb.validate import (
    validate_actors,
    validate_aliases,
    validate_conflicts,
    validate_people,
    validate_places,
    validate_sanctions,
    validate_stopwords,
    validate_titles,
    validate_weapon_phrases,
    validate_weapons,
)


def _label(overlay: Path | None, name: str) -> str:
    return str(overlay / name) if overlay is not None else name


def _tables(
    package: dict[str, str], extra: dict[str, str], overlay: Path | None, report: Report, check_order: bool
) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for name in CSV_FILES:
        rows = read_csv(package[name], f"kb/{name}", name, report, check_order)
        if name in extra:
            more = read_csv(extra[name], _label(overlay, name), name, report, check_order)
            rows = merge_rows(rows, more, name)
        tables[name] = rows
    return tables


def _tomls(
    package: dict[str, str], extra: dict[str, str], overlay: Path | None, report: Report
) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for name in TOML_FILES:
        data = read_toml(package[name], f"kb/{name}", report) or {}
        if name in extra:
            more = read_toml(extra[name], _label(overlay, name), report)
            data = merge_toml(data, more) if more is not None else data
        out[name] = data
    return out


def _origin(overlay: Path | None, extra: dict[str, str], name: str) -> str:
    """Where a merged TOML file's problems point: the overlay file when there is one."""
    return _label(overlay, name) if name in extra else f"kb/{name}"


def _build(overlay: Path | None, check_order: bool) -> tuple[KB | None, list[str]]:
    report = Report()
    package = package_texts()
    extra = overlay_texts(overlay, report) if overlay is not None else {}
    tables = _tables(package, extra, overlay, report, check_order)
    tomls = _tomls(package, extra, overlay, report)
    version = package["VERSION"].strip()
    if overlay is not None:
        version += "+" + (extra.get("VERSION", "").strip() or "overlay")

    actors = validate_actors(tables["actors.csv"], report)
    aliases = validate_aliases(tables["aliases.csv"], actors, report)
    people = validate_people(tables["people.csv"], actors, report)
    titles = validate_titles(tables["titles.csv"], report)
    weapons = validate_weapons(tables["weapons.csv"], actors, report)
    places = validate_places(tables["places.csv"], actors, report)
    conflicts = validate_conflicts(tables["conflicts.csv"], actors, places, report)
    validate_stopwords(tomls["stopwords.toml"], _origin(overlay, extra, "stopwords.toml"), report)
    validate_sanctions(tomls["sanctions.toml"], _origin(overlay, extra, "sanctions.toml"), actors, report)
    validate_weapon_phrases(tomls["triggers.toml"], _origin(overlay, extra, "triggers.toml"), report)
    # The rest of triggers.toml is the events stage's lexicon: armswatch.events.lexicon judges it.
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
        tomls=MappingProxyType({k: MappingProxyType(v) for k, v in tomls.items()}),
    )
    return kb, []


def normalise(overlay: str | Path | None) -> Path | None:
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
    return _load(normalise(overlay))


def check_kb(overlay: str | Path | None = None) -> list[str]:
    """Every problem of the KB and overlay, unsorted rows included, as ``file:line: reason``; [] if fine."""
    _, problems = _build(normalise(overlay), check_order=True)
    return problems


def load_toml(name: str, overlay: str | Path | None = None) -> dict[str, object]:
    """The parsed data of one TOML file of the KB (``"triggers.toml"``), the overlay merged in.

    Raises:
        KBError: a file of the KB or overlay is malformed.
    """
    if name not in TOML_FILES:
        raise KBError(f"{name}: not a TOML file of the KB (one of {', '.join(TOML_FILES)})")
    return dict(load_kb(overlay).toml(name))
