"""Knowledge base: actors, aliases, people, titles, weapons, places and wars, loaded from data files.

Contract: the CSV files beside this module (sorted, one entry per line, UTF-8, header row) ->
one frozen :class:`KB`; the TOML files (``triggers.toml``, ``stopwords.toml``,
``sanctions.toml``) ride along as parsed data (:meth:`KB.toml`). Python here holds no
country, weapon or person names; every such word lives in the files. ``load_kb`` validates
everything that can be checked without the text (known ids, ISO codes, categories, dates,
ambiguity marks, the sanctions regimes, TOML syntax) and raises :class:`KBError` naming file
and line; ``check_kb`` returns every problem, including unsorted files, for
``armswatch kb check``.

An overlay directory (``--kb DIR``) may hold files of the same names: their rows are added,
and a row with the same key as a shipped row replaces it. Keys: actors ``id``; aliases
``(alias, actor_id)``; titles ``title`` (case-insensitive); weapons ``term``; places ``name``
(case-insensitive); conflicts ``id``; people ``id``: an overlay that lists a person replaces all of that
person's shipped offices, so it must list every office it wants kept. An overlay TOML file
merges into the shipped one (see :mod:`armswatch.kb.overlay`).

Modules: :mod:`~armswatch.kb.records` (the types), :mod:`~armswatch.kb.reader` (CSV and TOML
reading), :mod:`~armswatch.kb.overlay`, :mod:`~armswatch.kb.validate` (one validator a file)
and :mod:`~armswatch.kb.loader` (``load_kb``, ``check_kb``, ``load_toml``).
"""

from __future__ import annotations

from armswatch.kb.loader import check_kb, load_kb, load_toml
from armswatch.kb.reader import row_sort_key
from armswatch.kb.records import (
    ACTOR_KINDS,
    ALIAS_CASES,
    ALIAS_KINDS,
    AMBIGUOUS_MARK,
    KB,
    NON_ISO_MARK,
    PLACE_KINDS,
    ROLES,
    WEAPON_KINDS,
    Actor,
    Alias,
    Conflict,
    KBError,
    Person,
    Place,
    WeaponTerm,
)

__all__ = [
    "ACTOR_KINDS",
    "ALIAS_CASES",
    "ALIAS_KINDS",
    "AMBIGUOUS_MARK",
    "KB",
    "NON_ISO_MARK",
    "PLACE_KINDS",
    "ROLES",
    "WEAPON_KINDS",
    "Actor",
    "Alias",
    "Conflict",
    "KBError",
    "Person",
    "Place",
    "WeaponTerm",
    "check_kb",
    "load_kb",
    "load_toml",
    "row_sort_key",
]
