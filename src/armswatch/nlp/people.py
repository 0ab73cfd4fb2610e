"""People: a person's state at a date, office holders, bare family names, unknown names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from armswatch.models import Mention
from armswatch.nlp.context import NOT_NAMES, DocState, Indexes, make_mention
from armswatch.nlp.gazetteer import Hit

if TYPE_CHECKING:
    from armswatch.kb import Person

# "the Indian leader" is the prime minister where the head of state is not the leader.
_ROLE_FALLBACK = {"head_of_state": ("head_of_government",)}
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w'’-]*[a-z][\w'’-]*)[ \t]+$")

_CAPITALISED_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*[a-z][\w'’-]*)")


def person_row(ix: Indexes, person_id: str, date: str) -> Person | None:
    """The KB row of a person that applies at ``date`` (else the nearest in time)."""
    rows = ix.rows.get(person_id, ())
    if not rows:
        return None
    for row in rows:
        if row.valid_from <= date and (row.valid_to is None or date <= row.valid_to):
            return row
    later = [r for r in rows if r.valid_from > date]
    if later:
        return min(later, key=lambda r: r.valid_from)
    return max(rows, key=lambda r: r.valid_to or "9999")


def in_office(row: Person, date: str) -> bool:
    """Whether the office of ``row`` is held at ``date``."""
    return row.valid_from <= date and (row.valid_to is None or date <= row.valid_to)


def office_holder(ix: Indexes, state: str, role: str, date: str) -> str | None:
    """The one person holding ``role`` for ``state`` at ``date``, if the KB knows exactly one."""
    for wanted in (role, *_ROLE_FALLBACK.get(role, ())):
        current = {r.id for r in ix.holders.get((state, wanted), ()) if in_office(r, date)}
        if current:
            return next(iter(current)) if len(current) == 1 else None
    return None


def pick_person(
    doc: DocState, candidates: Sequence[str], *, role: str | None, state: str | None, surname: str | None
) -> str | None:
    """Choose among people sharing a surface form: the document's own first, then the office."""
    if not candidates:
        return None
    if surname is not None:
        recent = doc.last_by_surname.get(surname)
        if recent == "":
            return None
        if recent in candidates and (state is None or state_of_person(doc, recent) == state):
            return recent
    scored: list[tuple[int, str]] = []
    for pid in candidates:
        rows = doc.ix.rows.get(pid, ())
        score = 0
        for row in rows:
            s = 0
            if in_office(row, doc.date):
                s += 4
            if role is not None and row.role == role:
                s += 2
            if state is not None and row.state == state:
                s += 8
            score = max(score, s)
        scored.append((score, pid))
    scored.sort(key=lambda t: -t[0])
    best = scored[0]
    if len(scored) > 1 and scored[1][0] == best[0]:
        return None
    # A bare family name of someone not named before ("Moon", "Song") counts only for a
    # person in office whose state the document names: many family names are words.
    bare = surname is not None and role is None and state is None
    if bare and (best[0] < 4 or state_of_person(doc, best[1]) not in doc.support):
        return None
    return best[1]


def state_of_person(doc: DocState, person_id: str | None) -> str | None:
    """A person's state (or organisation) at the document's date."""
    if person_id is None:
        return None
    row = person_row(doc.ix, person_id, doc.date)
    return row.state if row else None


def remember(doc: DocState, person_id: str) -> None:
    """Make the person the document's latest bearer of each of their family names."""
    for key in doc.ix.surnames.get(person_id, ()):
        doc.last_by_surname[key] = person_id


def person_mention(doc: DocState, start: int, end: int, person_id: str) -> Mention | None:
    """An actor mention of a KB person, valued by their state at the date."""
    state = state_of_person(doc, person_id)
    if state is None:
        return None
    remember(doc, person_id)
    return make_mention(doc, "actor", start, end, state, "person", entity=person_id)


def emit_surname(
    doc: DocState, hit: Hit, *, start: int, role: str | None = None, state: str | None = None
) -> bool:
    """Resolve a bare family name ("Kim", "Mr Kim") and emit it; False when it stays open."""
    key = doc.text[hit.start : hit.end].lower()
    candidates = [e.target for e in hit.of_kind("surname")]
    pid = pick_person(doc, candidates, role=role, state=state, surname=key)
    if pid is not None:
        m = person_mention(doc, start, hit.end, pid)
        if m is not None:
            doc.out.append(m)
            return True
    local = doc.local_people.get(key)
    if local is not None and (state is None or state == local):
        doc.out.append(make_mention(doc, "actor", start, hit.end, local, "person"))
        return True
    return False


def part_of_longer_name(doc: DocState, hit: Hit, prev_end: int, next_start: int) -> bool:
    """Whether a one-word name sits inside a longer name the KB does not know
    ("Abdul Qadeer Khan", "Lee Yong-bae"): then it is someone else."""
    text = doc.text
    if " " in text[hit.start : hit.end].strip():
        return False
    before = _CAPITALISED_BEFORE.search(text, max(0, hit.start - 40), hit.start)
    if before and before.start(1) >= prev_end and before.group(1) not in NOT_NAMES:
        return True
    after = _CAPITALISED_AFTER.match(text, hit.end)
    return bool(after and after.end(1) <= next_start and after.group(1) not in NOT_NAMES)


# A place named after someone ("Kim Il Sung Square", "John F. Kennedy Airport") names no one new.
_NAMED_PLACE = re.compile(
    r"(?:[ \t]+[A-Z][\w'’.-]*){1,3}[ \t]+(?:Airport|Avenue|Boulevard|Bridge|Hall|Palace|Park|Square|"
    r"Stadium|Street|University)\b"
)


def names_a_place(doc: DocState, hit: Hit) -> bool:
    """Whether a name is the start of a place named after a person ("Kim Il Sung Square")."""
    return bool(_NAMED_PLACE.match(doc.text, hit.end))


def local_people_again(doc: DocState) -> None:
    """Find later bare mentions ("Ryder said") of titled people the KB does not know."""
    if not doc.local_people:
        return
    taken = sorted((m.start, m.end) for m in doc.out)
    for key, state in doc.local_people.items():
        first = min(
            (m.end for m in doc.out if m.ref == "person" and m.entity is None and m.value == state), default=0
        )
        pattern = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?" + re.escape(key.title()) + r"\b(?![-'’]\w)")
        for match in pattern.finditer(doc.text, first):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            doc.out.append(make_mention(doc, "actor", match.start(), match.end(), state, "person"))
