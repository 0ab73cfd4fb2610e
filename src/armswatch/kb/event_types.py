"""What each event type is: the traits of ``kb/event_types.toml``, read once and validated.

Contract: the TOML table -> one frozen :class:`EventTypeTraits` per type of
:data:`~armswatch.models.EVENT_TYPES`, in the contract's order. Every type must have a section,
and no section or key may be unknown: a malformed table raises :class:`EventTypesError` naming
the section and the reason. The stages ask this module which types are speech acts, symmetric,
split by party and so on, rather than each keeping a set of type names.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from importlib import resources
from types import MappingProxyType
from typing import Any

from armswatch.models import EVENT_TYPES, EventType, as_event_type

FILE_NAME = "event_types.toml"


class EventTypesError(ValueError):
    """``event_types.toml`` is malformed: the message names the section and the reason."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventTypeTraits:
    """One event type's traits; ``kb/event_types.toml`` says what each one means."""

    type: EventType
    plover_code: str
    plover_mode: str
    speech_act: bool = False
    target_required: bool = False
    split_sources: bool = False
    split_targets: bool = False
    transfer: bool = False
    symmetric: bool = False
    partnering: bool = False
    against: bool = False
    one_occurrence: bool = False
    deniable: bool = False
    targetless: bool = False


_STRINGS = ("plover_code", "plover_mode")
_FLAGS = tuple(f.name for f in fields(EventTypeTraits) if f.name not in ("type", *_STRINGS))


def _traits(name: EventType, section: Mapping[str, Any]) -> EventTypeTraits:
    where = f"{FILE_NAME}: [{name}]"
    unknown = sorted(set(section) - {*_STRINGS, *_FLAGS})
    if unknown:
        raise EventTypesError(f"{where}: unknown key {unknown[0]!r}")
    strings: list[str] = []
    for key in _STRINGS:
        value = section.get(key)
        if not isinstance(value, str):
            raise EventTypesError(f"{where}: {key} must be a string")
        strings.append(value)
    code, mode = strings
    if not code:
        raise EventTypesError(f"{where}: plover_code must not be empty")
    flags: dict[str, bool] = {}
    for key in _FLAGS:
        flag = section.get(key, False)
        if not isinstance(flag, bool):
            raise EventTypesError(f"{where}: {key} must be true or false")
        flags[key] = flag
    return EventTypeTraits(type=name, plover_code=code, plover_mode=mode, **flags)


def parse_event_types(data: Mapping[str, Any]) -> Mapping[EventType, EventTypeTraits]:
    """Validate the parsed TOML: the traits of every event type, in the contract's order."""
    for name, section in data.items():
        if name not in EVENT_TYPES:
            raise EventTypesError(f"{FILE_NAME}: [{name}]: not an event type of the contract")
        if not isinstance(section, dict):
            raise EventTypesError(f"{FILE_NAME}: [{name}]: expected a table")
    missing = [t for t in EVENT_TYPES if t not in data]
    if missing:
        raise EventTypesError(f"{FILE_NAME}: no section for {', '.join(missing)}")
    return MappingProxyType({t: _traits(as_event_type(t), data[t]) for t in EVENT_TYPES})


@functools.cache
def event_type_traits() -> Mapping[EventType, EventTypeTraits]:
    """The shipped table, read once per process."""
    text = resources.files("armswatch.kb").joinpath(FILE_NAME).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EventTypesError(f"{FILE_NAME}: {exc}") from None
    return parse_event_types(data)


def types_where(trait: Callable[[EventTypeTraits], bool]) -> frozenset[EventType]:
    """The event types whose traits satisfy ``trait``: ``types_where(lambda t: t.speech_act)``."""
    return frozenset(t for t, traits in event_type_traits().items() if trait(traits))


def check_event_types() -> list[str]:
    """Problems of the shipped table, for ``armswatch kb check`` (empty when it is valid)."""
    try:
        event_type_traits()
    except EventTypesError as exc:
        return [str(exc)]
    return []
