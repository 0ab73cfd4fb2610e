"""The filter values a user types, checked and normalised once for the CLI, the API and notebooks.

A shared layer like :mod:`armswatch.models`: it reads the vocabularies of the models, the
partial dates of :mod:`armswatch.partial_dates` and the actors of the KB, and imports no stage.
Every problem is a :class:`FilterError` (a ``ValueError``) whose message names the filter, the
value and, where one is close, the value the user probably meant; the surfaces show that message
as it is, so that the CLI and the API say the same thing about the same mistake.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from armswatch import partial_dates
from armswatch.models import EVENT_TYPES, FACT_STATUSES, FACTUALITIES, FLAG_STATUSES, WEAPON_CATEGORIES

#: What each vocabulary filter accepts, by filter name (``status`` as flags use it).
VOCABULARIES: Mapping[str, tuple[str, ...]] = {
    "type": EVENT_TYPES,
    "weapon": WEAPON_CATEGORIES,
    "factuality": FACTUALITIES,
    "status": FLAG_STATUSES,
}
#: The same filters on facts, whose ``status`` is the fact's (reported, claimed ...), not a flag's.
FACT_VOCABULARIES: Mapping[str, tuple[str, ...]] = {**VOCABULARIES, "status": FACT_STATUSES}
#: Filters that name an actor (``supplier`` and ``recipient`` are the register's roles).
ACTOR_FILTERS = ("source", "target", "actor", "supplier", "recipient")
#: Filters that bound a date.
DATE_FILTERS = ("since", "until")
#: Filters that name something by its text as stored (an outlet as articles name it).
NAME_FILTERS = ("outlet",)


class FilterError(ValueError):
    """A filter value that is not one the filter accepts; the message says what would be."""


def _suggest(value: str, candidates: Iterable[str], n: int = 1) -> str:
    choices = list(candidates)
    by_fold = {c.casefold(): c for c in choices}
    close = difflib.get_close_matches(value.casefold(), list(by_fold), n=n, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(by_fold[c] for c in close) + "?)"


def check_choice(name: str, value: str, allowed: Sequence[str] | None = None) -> str:
    """``value`` as a member of the ``name`` vocabulary, or of ``allowed`` when given (case and
    ``-`` forgiven); FilterError if not."""
    if allowed is None:
        allowed = VOCABULARIES[name]
    if value in allowed:
        return value
    folded = value.strip().casefold().replace("-", "_").replace(" ", "_")
    for member in allowed:
        if member == folded:
            return member
    hint = _suggest(value, allowed) or f" (one of {', '.join(allowed)})"
    raise FilterError(f"unknown {name} {value!r}{hint}")


def check_date(name: str, value: str) -> str:
    """``value`` if it is a calendar date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; FilterError if not."""
    try:
        partial_dates.parse(value)
    except ValueError:
        message = f"{name} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}"
        raise FilterError(message) from None
    return value


def check_name(name: str, value: str) -> str:
    """``value`` without surrounding blanks if anything is left; FilterError if it is blank.

    A blank name would match no row and look like an empty corpus rather than a mistake.
    """
    text = value.strip()
    if not text:
        raise FilterError(f"{name} must not be empty")
    return text


def check_limit(name: str, value: int) -> int:
    """``value`` if it is a count of rows (0 or more); FilterError if not."""
    if value < 0:
        raise FilterError(f"{name} must be 0 or more, not {value}")
    return value


@lru_cache(maxsize=4)
def _actor_lookup(overlay: str | None) -> tuple[dict[str, str], dict[str, set[str]], tuple[str, ...]]:
    from armswatch.kb import load_kb

    kb = load_kb(overlay)
    ids = {actor_id.casefold(): actor_id for actor_id in kb.actors}
    names: dict[str, set[str]] = {}
    for actor in kb.actors.values():
        names.setdefault(actor.name.casefold(), set()).add(actor.id)
    for alias in kb.aliases:
        if not alias.ambiguous:
            names.setdefault(alias.text.casefold(), set()).add(alias.actor_id)
    labels = (*kb.actors, *(actor.name for actor in kb.actors.values()))
    return ids, names, labels


def resolve_actor(name: str, value: str, *, kb_overlay: str | None = None) -> str:
    """The actor id ``value`` stands for: an id in any case, or a name or alias the KB knows.

    ``"prk"``, ``"PRK"`` and ``"North Korea"`` all give ``"PRK"``. A value the KB does not know,
    or a name shared by several actors, is a FilterError naming the candidates.
    """
    ids, names, labels = _actor_lookup(kb_overlay)
    text = value.strip()
    folded = text.casefold()
    if folded in ids:
        return ids[folded]
    found = names.get(folded, set())
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise FilterError(f"{name} {value!r} names several actors: {', '.join(sorted(found))}")
    hint = _suggest(text, labels, n=3)
    raise FilterError(f"unknown actor {value!r} for {name}{hint}; `armswatch vocabulary --actors` lists them")


def check_filters(
    filters: Mapping[str, Any],
    *,
    kb_overlay: str | None = None,
    vocabularies: Mapping[str, Sequence[str]] = VOCABULARIES,
) -> dict[str, Any]:
    """The filters with every known kind of value checked and normalised; None values dropped.

    ``vocabularies`` says what each vocabulary filter accepts where a listing differs from the
    default (:data:`FACT_VOCABULARIES` for facts, the deal stages for the register).
    """
    out: dict[str, Any] = {}
    for key, value in filters.items():
        if value is None:
            continue
        if key in vocabularies:
            value = check_choice(key, str(value), vocabularies[key])
        elif key in ACTOR_FILTERS:
            value = resolve_actor(key, str(value), kb_overlay=kb_overlay)
        elif key in DATE_FILTERS:
            value = check_date(key, str(value))
        elif key in NAME_FILTERS:
            value = check_name(key, str(value))
        elif key in ("limit", "offset"):
            value = check_limit(key, int(value))
        out[key] = value
    return out


def actor_table(*, kb_overlay: str | None = None) -> list[tuple[str, str, str]]:
    """(id, name, kind) of every KB actor, by id: what the actor filters accept."""
    from armswatch.kb import load_kb

    kb = load_kb(kb_overlay)
    return sorted((a.id, a.name, a.kind) for a in kb.actors.values())
