"""Records that cross stage boundaries.

Every stage hands the next one plain frozen dataclasses, so that stages stay pure
functions of their input and can run in worker processes. Character offsets always
point into ``Article.text``, the cleaned body as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeVar, get_args

#: Event types of the contract (shared spec, "Event types").
EventType = Literal[
    "arms_transfer",
    "tech_transfer",
    "military_cooperation",
    "troop_deployment",
    "meeting",
    "sanction",
    "accusation",
    "demand",
    "denial",
    "threat_designation",
    "weapons_test",
]
#: Weapon categories of the contract.
WeaponCategory = Literal[
    "small_arms",
    "ammunition",
    "artillery",
    "rockets",
    "missiles",
    "air_defence",
    "drones",
    "aircraft",
    "armoured_vehicles",
    "ships",
    "submarines",
    "satellites",
    "nuclear",
    "chemical_biological",
    "components",
    "other",
]
#: How firmly a report states an event.
Factuality = Literal["certain", "possible", "negated"]
#: What a resolved mention names.
MentionKind = Literal["actor", "weapon", "place", "time", "quantity"]
#: How a source hands over a document's content.
DocKind = Literal["html", "text"]
#: How sure a sanctions flag is: a breach (of a fact reported by an uninvolved voice), an
#: alleged one (claimed, hedged or disputed), a potential one, or one a regime member contests.
FlagStatus = Literal["breach", "alleged_breach", "potential", "contested"]
#: Whether an event backs the fact it is attached to, speaks against it, or only sets it as a
#: condition or a prohibition (context, counted for nothing).
FactRelation = Literal["support", "contradiction", "context"]
#: What a fact's support says (armswatch.stories.facts): reported by an uninvolved voice,
#: claimed only by involved parties, hedged only, claimed or hedged and contradicted, or denied.
FactStatus = Literal["reported", "claimed", "hedged", "disputed", "denied"]

EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)
WEAPON_CATEGORIES: tuple[WeaponCategory, ...] = get_args(WeaponCategory)
FACTUALITIES: tuple[Factuality, ...] = get_args(Factuality)
MENTION_KINDS: tuple[MentionKind, ...] = get_args(MentionKind)
DOC_KINDS: tuple[DocKind, ...] = get_args(DocKind)
FLAG_STATUSES: tuple[FlagStatus, ...] = get_args(FlagStatus)
FACT_RELATIONS: tuple[FactRelation, ...] = get_args(FactRelation)
FACT_STATUSES: tuple[FactStatus, ...] = get_args(FactStatus)

_T = TypeVar("_T", bound=str)


def _member(value: object, allowed: tuple[_T, ...], what: str) -> _T:
    """``value`` as a member of ``allowed``; a ValueError names the vocabulary otherwise."""
    for member in allowed:
        if value == member:
            return member
    raise ValueError(f"not {what}: {value!r} (one of {', '.join(allowed)})")


def as_event_type(value: object) -> EventType:
    """``value`` as an event type of the contract; ValueError for anything else."""
    return _member(value, EVENT_TYPES, "an event type")


def as_weapon_category(value: object) -> WeaponCategory:
    """``value`` as a weapon category of the contract; ValueError for anything else."""
    return _member(value, WEAPON_CATEGORIES, "a weapon category")


def as_factuality(value: object) -> Factuality:
    """``value`` as a factuality of the contract; ValueError for anything else."""
    return _member(value, FACTUALITIES, "a factuality")


def as_mention_kind(value: object) -> MentionKind:
    """``value`` as a mention kind; ValueError for anything else."""
    return _member(value, MENTION_KINDS, "a mention kind")


def as_doc_kind(value: object) -> DocKind:
    """``value`` as a document kind (``html`` or ``text``); ValueError for anything else."""
    return _member(value, DOC_KINDS, "a document kind")


def as_flag_status(value: object) -> FlagStatus:
    """``value`` as a flag status; ValueError for anything else."""
    return _member(value, FLAG_STATUSES, "a flag status")


def as_fact_status(value: object) -> FactStatus:
    """``value`` as a fact status; ValueError for anything else."""
    return _member(value, FACT_STATUSES, "a fact status")


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDoc:
    """One input document as a source yields it, before cleaning.

    ``kind`` is ``"html"`` or ``"text"``. ``title``/``published``/``outlet`` are set only
    when the container states them (a feed item, a JSONL field, a WARC header).
    """

    doc_id: str
    source: str
    kind: DocKind
    content: str
    content_hash: str
    fetched_at: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestFailure:
    """A document (or container entry) that could not be read or cleaned: a record, not an exception."""

    source: str
    message: str
    doc_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned article: main text only, with its metadata.

    ``published`` is ``YYYY-MM-DD`` or None; ``published_evidence`` names where it came
    from (``given``, ``json-ld``, ``meta``, ``byline``, ``dateline``, ``htmldate`` ...).
    ``page_date`` is the page's own "today" header, kept apart because it is not the
    article's date.
    """

    doc_id: str
    source: str
    text: str
    content_hash: str
    fetched_at: str
    title: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    page_date: str | None = None
    outlet: str | None = None
    url: str | None = None
    lang: str = "en"


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """A sentence of an article body, as offsets into ``Article.text``."""

    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A span of the article body resolved against the knowledge base.

    ``kind`` is one of ``actor``, ``weapon``, ``place``, ``time``, ``quantity``.
    ``value`` is the resolved id: an actor id (``PRK``, ``UNSC``, ``wagner``), a weapon
    category, a normalised date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), a place name or
    a number. ``ref`` says how it was resolved (``alias``, ``leader``, ``backref``,
    ``demonym`` ...) and ``entity`` the KB entry matched (a person id, a weapon term).
    """

    kind: MentionKind
    start: int
    end: int
    text: str
    value: str | None
    sentence: int
    ref: str = "alias"
    entity: str | None = None
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedArticle:
    """An article with its sentences and resolved mentions."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One event as one document reports it (the contract's record plus provenance)."""

    doc_id: str
    type: EventType
    source: tuple[str, ...]
    target: tuple[str, ...]
    weapons: tuple[WeaponCategory, ...]
    factuality: Factuality
    attributed_to: str | None
    date: str | None
    location: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    plover_code: str = ""
    plover_mode: str = ""
    confidence: float = 0.5
    rule: str = ""
    trigger: str = ""
    quantities: tuple[str, ...] = field(default=())
