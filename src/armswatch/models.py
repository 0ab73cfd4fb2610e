"""Records that cross stage boundaries.

Every stage hands the next one plain frozen dataclasses, so that stages stay pure
functions of their input and can run in worker processes. Character offsets always
point into ``Article.text``, the cleaned body as stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Event types of the contract (shared spec, "Event types").
EVENT_TYPES: tuple[str, ...] = (
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
)

#: Weapon categories of the contract.
WEAPON_CATEGORIES: tuple[str, ...] = (
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
)

FACTUALITIES: tuple[str, ...] = ("certain", "possible", "negated")


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDoc:
    """One input document as a source yields it, before cleaning.

    ``kind`` is ``"html"`` or ``"text"``. ``title``/``published``/``outlet`` are set only
    when the container states them (a feed item, a JSONL field, a WARC header).
    """

    doc_id: str
    source: str
    kind: str
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

    kind: str
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
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    weapons: tuple[str, ...]
    factuality: str
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
