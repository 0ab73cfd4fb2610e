"""UN sanctions regimes as data: ``kb/sanctions.toml`` (see its header) -> validated
:class:`Regime` records, read once per process.

The events stage reads them to know whom a resolution binds, the stories stage to flag
corroborated facts (:mod:`armswatch.stories.sanctions`).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from armswatch import partial_dates
from armswatch.errors import SanctionsError
from armswatch.models import EVENT_TYPES, WEAPON_CATEGORIES

if TYPE_CHECKING:
    pass

__all__ = [
    "DIRECTIONS",
    "FILE_NAME",
    "Measure",
    "Regime",
    "SanctionsError",
    "check_regimes",
    "load_regimes",
]

FILE_NAME = "sanctions.toml"
DIRECTIONS = frozenset({"to", "from", "either", "by"})
ANY_WEAPON = "*"

_RESOLUTION = re.compile(r"\d{1,4}")
_DIGITS = re.compile(r"(\d+)")
_REGIME_KEYS = frozenset({"id", "name", "resolutions", "note", "measures"})
_MEASURE_KEYS = frozenset(
    {
        "resolution",
        "clause",
        "types",
        "direction",
        "targets",
        "weapons",
        "except",
        "from",
        "until",
        "bans",
        "binding",
        "conditional",
        "contested_by",
        "contested",
        "note",
    }
)
_REQUIRED = ("resolution", "clause", "types", "direction", "targets", "weapons", "from", "bans")


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """One banning clause of a resolution: what, whom, in which direction, from and until when.

    ``weapons`` None means all arms and related materiel (minus ``excluded``); ``until`` is
    exclusive and None while the measure is in force.
    """

    regime: str
    resolution: str
    clause: str
    types: frozenset[str]
    direction: str
    targets: frozenset[str]
    weapons: frozenset[str] | None
    excluded: frozenset[str]
    start: str
    until: str | None
    bans: str
    binding: bool = True
    conditional: str | None = None
    contested_by: tuple[str, ...] = ()
    contested: str | None = None

    @property
    def citation(self) -> str:
        """``UNSCR 1718 §8(b)``."""
        return f"UNSCR {self.resolution} {self.clause}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Regime:
    """A sanctions regime and its measures, in file order."""

    id: str
    name: str
    resolutions: tuple[str, ...]
    measures: tuple[Measure, ...]
    note: str = ""


def natural_order(text: str) -> tuple[object, ...]:
    """A sort key that puts "§8(b)" before "§10": numbers compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in _DIGITS.split(text))


def _measure_key(measure: Measure) -> tuple[object, ...]:
    return (measure.start, int(measure.resolution), natural_order(measure.clause))


def _valid_day(value: object) -> bool:
    return isinstance(value, str) and partial_dates.shape(value) == "day" and partial_dates.is_valid(value)


def _strings(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


class _Checker:
    def __init__(self, label: str, actors: Mapping[str, object] | None) -> None:
        self.label = label
        self.actors = actors
        self.problems: list[str] = []

    def add(self, where: str, reason: str) -> None:
        self.problems.append(f"{self.label}: {where}: {reason}")

    def regimes(self, data: Mapping[str, Any]) -> list[Regime]:
        unknown = set(data) - {"regimes"}
        if unknown:
            self.add("top level", f"unknown key(s) {', '.join(sorted(unknown))}")
        raw = data.get("regimes")
        if not isinstance(raw, list) or not raw:
            self.add("top level", "expected [[regimes]] tables")
            return []
        regimes: list[Regime] = []
        seen: set[str] = set()
        for number, table in enumerate(raw, 1):
            regime = self.regime(table, f"regime #{number}")
            if regime is None:
                continue
            if regime.id in seen:
                self.add(f"regime {regime.id!r}", "duplicate id")
            seen.add(regime.id)
            if regimes and regime.id < regimes[-1].id:
                self.add(f"regime {regime.id!r}", f"not sorted: belongs before {regimes[-1].id!r}")
            regimes.append(regime)
        return regimes

    def regime(self, table: object, where: str) -> Regime | None:
        if not isinstance(table, dict):
            self.add(where, "not a table")
            return None
        regime_id = table.get("id")
        if not isinstance(regime_id, str) or not re.fullmatch(r"[a-z0-9_]+", regime_id):
            self.add(where, f"id must be a lower-case slug, not {regime_id!r}")
            return None
        where = f"regime {regime_id!r}"
        unknown = set(table) - _REGIME_KEYS
        if unknown:
            self.add(where, f"unknown key(s) {', '.join(sorted(unknown))}")
        name = table.get("name")
        if not isinstance(name, str) or not name:
            self.add(where, "missing name")
        resolutions = _strings(table.get("resolutions", []))
        if resolutions is None or not all(_RESOLUTION.fullmatch(r) for r in resolutions):
            self.add(where, "resolutions must be a list of resolution numbers")
            resolutions = []
        raw = table.get("measures")
        if not isinstance(raw, list) or not raw:
            self.add(where, "expected [[regimes.measures]] tables")
            raw = []
        measures: list[Measure] = []
        for number, item in enumerate(raw, 1):
            measure = self.measure(item, regime_id, f"{where} measure #{number}")
            if measure is None:
                continue
            if measures and _measure_key(measure) < _measure_key(measures[-1]):
                self.add(
                    f"{where} measure #{number}",
                    "not sorted by (from, resolution, clause): belongs before the measure above",
                )
            if resolutions and measure.resolution not in resolutions:
                self.add(f"{where} measure #{number}", f"resolution {measure.resolution} not in resolutions")
            measures.append(measure)
        keys = [(m.resolution, m.clause, m.start) for m in measures]
        if len(set(keys)) != len(keys):
            self.add(where, "two measures with the same resolution, clause and start")
        note = table.get("note", "")
        return Regime(
            id=regime_id,
            name=name if isinstance(name, str) else regime_id,
            resolutions=tuple(resolutions),
            measures=tuple(measures),
            note=note if isinstance(note, str) else "",
        )

    def _actor_ids(self, value: object, key: str, where: str) -> tuple[str, ...]:
        ids = _strings(value)
        if ids is None:
            self.add(where, f"{key} must be a list of actor ids")
            return ()
        if self.actors is not None:
            for actor_id in ids:
                if actor_id not in self.actors:
                    self.add(where, f"unknown actor id {actor_id!r} in {key}")
        return tuple(ids)

    def measure(self, table: object, regime: str, where: str) -> Measure | None:
        if not isinstance(table, dict):
            self.add(where, "not a table")
            return None
        missing = [key for key in _REQUIRED if key not in table]
        if missing:
            self.add(where, f"missing {', '.join(missing)}")
            return None
        unknown = set(table) - _MEASURE_KEYS
        if unknown:
            self.add(where, f"unknown key(s) {', '.join(sorted(unknown))}")
        resolution, clause, bans = table["resolution"], table["clause"], table["bans"]
        if not isinstance(resolution, str) or not _RESOLUTION.fullmatch(resolution):
            self.add(where, f"resolution must be a number as text, not {resolution!r}")
            return None
        where = f"{where} ({resolution} {clause})"
        if not isinstance(clause, str) or not clause:
            self.add(where, "empty clause")
            return None
        if not isinstance(bans, str) or not bans:
            self.add(where, "empty bans")
            return None
        types = _strings(table["types"]) or []
        if not types or any(t not in EVENT_TYPES for t in types):
            self.add(where, f"types must be event types, not {table['types']!r}")
        direction = table["direction"]
        if direction not in DIRECTIONS:
            self.add(where, f"direction must be one of {', '.join(sorted(DIRECTIONS))}, not {direction!r}")
        if (direction == "by") != (types == ["weapons_test"]):
            self.add(where, "direction 'by' goes with types = ['weapons_test'] and only with it")
        targets = self._actor_ids(table["targets"], "targets", where)
        if not targets:
            self.add(where, "no targets")
        weapons = _strings(table["weapons"]) or []
        excluded = _strings(table.get("except", [])) or []
        if not weapons or any(w not in WEAPON_CATEGORIES and w != ANY_WEAPON for w in weapons):
            self.add(where, f"weapons must be categories or ['*'], not {table['weapons']!r}")
        if ANY_WEAPON in weapons and len(weapons) > 1:
            self.add(where, "'*' stands alone in weapons")
        if any(w not in WEAPON_CATEGORIES for w in excluded) or (excluded and ANY_WEAPON not in weapons):
            self.add(where, "except lists categories, and only next to weapons = ['*']")
        if weapons != sorted(weapons):
            self.add(where, "weapons not sorted")
        start, until = table["from"], table.get("until")
        if not _valid_day(start):
            self.add(where, f"from {start!r} is not a YYYY-MM-DD date")
        if until is not None and (not _valid_day(until) or str(until) <= str(start)):
            self.add(where, f"until {until!r} must be a YYYY-MM-DD date after from")
        binding = table.get("binding", True)
        if not isinstance(binding, bool):
            self.add(where, "binding must be true or false")
        conditional, contested = table.get("conditional"), table.get("contested")
        contested_by = self._actor_ids(table.get("contested_by", []), "contested_by", where)
        if bool(contested_by) != isinstance(contested, str):
            self.add(where, "contested_by and contested go together")
        if conditional is not None and not isinstance(conditional, str):
            self.add(where, "conditional must be text")
        return Measure(
            regime=regime,
            resolution=resolution,
            clause=clause,
            types=frozenset(types),
            direction=str(direction),
            targets=frozenset(targets),
            weapons=None if ANY_WEAPON in weapons else frozenset(weapons),
            excluded=frozenset(excluded),
            start=str(start),
            until=None if until is None else str(until),
            bans=bans,
            binding=bool(binding),
            conditional=conditional if isinstance(conditional, str) else None,
            contested_by=contested_by,
            contested=contested if isinstance(contested, str) else None,
        )


def problems_of(data: Mapping[str, Any], label: str, actors: Mapping[str, object] | None) -> list[str]:
    """Every problem of parsed regimes data, as ``label: where: reason``."""
    checker = _Checker(label, actors)
    checker.regimes(data)
    return checker.problems


def _parse(path: Path | None, actors: Mapping[str, object] | None) -> tuple[list[Regime], list[str]]:
    if path is None:
        # The shipped file, with a KB overlay's regimes merged in, comes through the KB's loader.
        from armswatch.kb.loader import load_toml

        label, data = f"kb/{FILE_NAME}", load_toml(FILE_NAME)
    else:
        label = str(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            return [], [f"{label}: {exc}"]
    checker = _Checker(label, actors)
    regimes = checker.regimes(data)
    return regimes, checker.problems


def _kb_actors() -> Mapping[str, object] | None:
    from armswatch.kb.loader import load_kb

    return load_kb().actors


@functools.lru_cache(maxsize=4)
def _load(path: Path | None) -> tuple[Regime, ...]:
    regimes, problems = _parse(path, _kb_actors())
    if problems:
        raise SanctionsError(problems)
    return tuple(regimes)


def load_regimes(path: str | Path | None = None) -> tuple[Regime, ...]:
    """Load, validate and cache the shipped regimes (or those of another TOML file).

    Raises:
        SanctionsError: the file is malformed; ``problems`` names every problem.
    """
    return _load(None if path is None else Path(path).expanduser().resolve())


def check_regimes(path: str | Path | None = None) -> list[str]:
    """Every problem of the regimes file (unknown actor ids included); [] when it is fine."""
    _, problems = _parse(None if path is None else Path(path), _kb_actors())
    return problems
