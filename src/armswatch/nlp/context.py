"""Shared state of one document's resolution, and the KB indexes it reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from armswatch.calendar_names import MONTH_NAMES, WEEKDAY_NAMES
from armswatch.models import Mention, MentionKind

if TYPE_CHECKING:
    from armswatch.kb import KB, Person

#: Capitalised words that are not names: sentence openers, weekdays, months.
_NOT_NAME_WORDS = (
    "The A An And But Or So Then When While After Before Although Though If As At In On Of For From By "
    "With Without Meanwhile However Also Since Until Both Neither Nor Even Yet Still Earlier Later Last "
    "Next This That These Those Their His Her Its Our Your My We They He She It I You Said Says Told "
    "Asked Added Why How What Where Who Which Today Yesterday "
    "No Not Yes Do Go Us Here There Now Once Sen Rep Gov Gen Lt Col Maj Capt Adm Sgt St Dr Mr Mrs Ms"
)
NOT_NAMES = frozenset(_NOT_NAME_WORDS.split()) | {w.capitalize() for w in (*WEEKDAY_NAMES, *MONTH_NAMES)}


@dataclass(slots=True)
class Indexes:
    """What resolution needs from the KB, indexed once per process."""

    kb: KB
    rows: Mapping[str, Sequence[Person]]
    surnames: Mapping[str, frozenset[str]]
    holders: Mapping[tuple[str, str], Sequence[Person]]


@dataclass(slots=True)
class DocState:
    """What resolution knows of one document so far."""

    text: str
    date: str
    ix: Indexes
    times: Sequence[tuple[int, int]]
    out: list[Mention] = field(default_factory=list)
    last_by_surname: dict[str, str] = field(default_factory=dict)
    local_people: dict[str, str] = field(default_factory=dict)
    support: set[str] = field(default_factory=set)


def make_mention(
    doc: DocState,
    kind: MentionKind,
    start: int,
    end: int,
    value: str | None,
    ref: str,
    *,
    entity: str | None = None,
    members: tuple[str, ...] = (),
) -> Mention:
    """A mention of ``doc`` (its sentence index is set later)."""
    return Mention(
        kind=kind,
        start=start,
        end=end,
        text=doc.text[start:end],
        value=value,
        sentence=-1,
        ref=ref,
        entity=entity,
        members=members,
    )
