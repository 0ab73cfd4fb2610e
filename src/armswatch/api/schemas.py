"""Pydantic models at the HTTP edge: query parameters in, response bodies out.

Stage contract: nothing here reads the database. Query models forbid unknown parameters, so a
misspelt filter (``?typ=meeting``) is a 422 rather than a silently unfiltered answer. The
vocabularies are the ``Literal`` types of :mod:`armswatch.models`, so the OpenAPI schema lists
their values.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from armswatch import partial_dates
from armswatch.models import EventType, FactRelation, FactStatus, Factuality, FlagStatus, WeaponCategory
from armswatch.stories.register import DealStatus

OutputFormat = Literal["json", "csv"]
GraphBasis = Literal["auto", "facts", "events"]

#: Largest page a list endpoint returns; bulk dumps are what ``armswatch export`` is for.
MAX_LIMIT = 1000
#: Deepest offset accepted: beyond SQLite's integers nothing is meaningful, and this is far enough.
MAX_OFFSET = 1_000_000_000

DateBound = Annotated[
    str,
    Field(
        pattern=partial_dates.PATTERN,
        description="YYYY, YYYY-MM or YYYY-MM-DD; compared on the common prefix with stored dates.",
        examples=["2023-09"],
    ),
]
ActorId = Annotated[
    str,
    Field(min_length=1, max_length=64, description="An actor id: ISO alpha-3 (PRK), UNSC, or a slug."),
]
SearchText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=500,
        description='Words that must all occur (title and body); "quoted phrases"; trailing * for prefixes.',
    ),
]


# --- query parameters --------------------------------------------------------------------


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Paging(_Query):
    """Page through a list: ``limit`` rows from ``offset``; ``format=csv`` for a CSV page."""

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Rows per page.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")
    format: OutputFormat | None = Field(
        None, description="json (default) or csv; an Accept: text/csv header also asks for CSV."
    )


class ArticleQuery(Paging):
    """Filters of ``GET /api/v1/articles``."""

    q: SearchText | None = None
    outlet: str | None = Field(None, min_length=1, max_length=200)
    since: DateBound | None = None
    until: DateBound | None = None


class EventQuery(Paging):
    """Filters of ``GET /api/v1/events``: those of ``armswatch events``."""

    type: EventType | None = None
    source: ActorId | None = None
    target: ActorId | None = None
    actor: ActorId | None = Field(None, description="The actor in any role.")
    weapon: WeaponCategory | None = None
    factuality: Factuality | None = None
    since: DateBound | None = None
    until: DateBound | None = None
    doc_id: str | None = Field(None, min_length=1, max_length=300)


class FactQuery(Paging):
    """Filters of ``GET /api/v1/facts``: those of ``armswatch facts``, plus full-text search."""

    type: EventType | None = None
    source: ActorId | None = None
    target: ActorId | None = None
    actor: ActorId | None = Field(None, description="The actor as source or target.")
    weapon: WeaponCategory | None = None
    factuality: Factuality | None = Field(None, description="The fact's strongest factuality.")
    status: FactStatus | None = Field(
        None, description="What the fact's support says: reported, claimed, hedged, disputed or denied."
    )
    since: DateBound | None = None
    until: DateBound | None = None
    flagged: bool | None = Field(None, description="Only facts with (true) or without (false) flags.")
    outlet: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        description="Only facts one of whose reports comes from this outlet.",
    )
    q: SearchText | None = Field(None, description="Full-text search in the facts' articles.")


class StoryQuery(Paging):
    """``GET /api/v1/stories`` pages through stories."""


class FlagQuery(Paging):
    """Filters of ``GET /api/v1/flags``."""

    status: FlagStatus | None = None
    regime: str | None = Field(None, min_length=1, max_length=100, description="e.g. UNSCR 1718.")


class RegisterQuery(Paging):
    """Filters of ``GET /api/v1/register``: those of ``armswatch register``."""

    supplier: ActorId | None = None
    recipient: ActorId | None = None
    designation: str | None = Field(None, min_length=1, max_length=100, description="e.g. K2.")
    status: DealStatus | None = None


class ActorQuery(Paging):
    """Filters of ``GET /api/v1/actors``."""

    q: str | None = Field(None, min_length=1, max_length=100, description="Part of the id or name.")
    kind: str | None = Field(None, min_length=1, max_length=40, description="state, organisation ...")


class NetworkQuery(_Query):
    """Filters of ``GET /api/v1/network``."""

    basis: GraphBasis = Field("auto", description="Edges from facts, events, or facts when there are any.")
    type: EventType | None = None
    actor: ActorId | None = None
    weapon: WeaponCategory | None = None
    factuality: Factuality | None = None
    since: DateBound | None = None
    until: DateBound | None = None
    min_weight: int = Field(1, ge=1, le=1_000_000, description="Leave out lighter edges.")
    max_edges: int = Field(500, ge=1, le=5000, description="Keep the heaviest edges only.")


class TimelineQuery(_Query):
    """Filters of ``GET /api/v1/timeline``."""

    interval: Literal["month", "year"] = "month"
    type: EventType | None = None
    actor: ActorId | None = None
    factuality: Factuality | None = None
    since: DateBound | None = None
    until: DateBound | None = None


# --- responses ---------------------------------------------------------------------------

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list; ``next_offset`` is null on the last page."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None


class Problem(BaseModel):
    """An error: ``detail`` says what was wrong."""

    detail: str


class ArticleOut(BaseModel):
    """An article as listed (no body)."""

    doc_id: str
    title: str | None
    published: str | None
    published_evidence: str | None
    page_date: str | None
    outlet: str | None
    url: str | None
    lang: str
    story: str | None
    source: str
    kind: str
    content_hash: str
    fetched_at: str | None
    ingested_at: str


class EventRecord(BaseModel):
    """The contract's event record with its id and evidence offsets."""

    event_id: str
    doc_id: str
    type: str
    source: list[str]
    target: list[str]
    weapons: list[str]
    factuality: str
    attributed_to: str | None
    date: str | None
    location: str | None
    evidence: str
    evidence_start: int
    evidence_end: int


class EventOut(EventRecord):
    """An event as one document reports it (the contract's record plus provenance)."""

    plover_code: str
    plover_mode: str
    confidence: float
    rule: str
    trigger: str
    quantities: list[str]
    armswatch_version: str
    kb_version: str


class ArticleDetail(BaseModel):
    """One article with its cleaned body (evidence offsets point into it) and its events."""

    doc_id: str
    title: str | None
    published: str | None
    published_evidence: str | None
    page_date: str | None
    outlet: str | None
    url: str | None
    lang: str
    source: str
    content_hash: str
    fetched_at: str | None
    body: str
    events: list[EventOut]


class FactFlag(BaseModel):
    """A sanctions flag as it appears inside a fact: which regime and clause, and why."""

    flag_id: str
    fact_id: str
    regime: str
    resolution: str
    clause: str
    status: str
    reasoning: str


class FactOut(BaseModel):
    """A fact: one real-world relation, merged across the articles that report it."""

    fact_id: str
    type: str
    source: list[str]
    target: list[str]
    weapons: list[str]
    factuality: str
    weakest_factuality: str | None
    date: str | None
    first_reported: str | None
    last_reported: str | None
    n_events: int
    n_outlets: int
    n_contradictions: int
    story_id: str | None
    summary: str | None
    status: str = Field(description="reported, claimed, hedged, disputed or denied (see status_note).")
    status_note: str = Field("", description="Why the fact has its status, and who contradicts it.")
    contradicted_by: list[str] = Field(default_factory=list)
    updated_at: str | None
    flags: list[FactFlag]


class FactEvent(EventRecord):
    """An event behind a fact, with its article and whether it supports or contradicts the fact.

    ``original_doc_id``/``original_outlet`` name the article a near-duplicate copies.
    """

    relation: FactRelation
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    story: str | None
    original_doc_id: str | None
    original_outlet: str | None


class FactDetail(FactOut):
    """A fact with its supporting and contradicting events."""

    events: list[FactEvent]


class StoryOut(BaseModel):
    """A story: articles about the same news, near-duplicates included."""

    story_id: str
    label: str | None
    first_published: str | None
    last_published: str | None
    n_articles: int
    n_outlets: int
    updated_at: str | None


class StoryArticle(BaseModel):
    """An article of a story; ``near_duplicate_of`` names the article it copies, if any."""

    doc_id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    near_duplicate_of: str | None


class StoryDetail(StoryOut):
    """A story with its articles and facts."""

    articles: list[StoryArticle]
    facts: list[FactOut]


class FlagOut(BaseModel):
    """A possible breach of a UN Security Council regime, with the reasoning and the fact behind it."""

    flag_id: str
    fact_id: str
    regime: str
    resolution: str
    clause: str
    status: str
    reasoning: str
    type: str
    source: list[str]
    target: list[str]
    weapons: list[str]
    factuality: str
    date: str | None
    first_reported: str | None
    fact_status: str | None = None
    n_outlets: int


class RegisterSource(BaseModel):
    """A report behind a register entry: its outlet, article, event and sentence."""

    outlet: str | None
    url: str | None
    doc_id: str
    event_id: str = Field(description="The event read from the sentence; its article highlights it.")
    evidence: str
    status: str


class RegisterOut(BaseModel):
    """A deal in the arms-transfer register (the columns of SIPRI's trade register)."""

    entry_id: str
    supplier: list[str]
    recipient: list[str]
    designation: str
    weapon_description: str
    number_ordered: int | None
    number_delivered: int | None
    year_of_order: int | None
    years_of_delivery: list[int]
    status: str
    value: float | None
    currency: str | None
    sources: list[RegisterSource]


class ActorOut(BaseModel):
    """An actor with the number of facts and events naming it (as source or target)."""

    actor_id: str
    name: str
    kind: str
    n_facts: int
    n_events: int


class Relation(BaseModel):
    """An actor's relation to a partner for one event type.

    ``direction`` is ``out`` (the actor is the source), ``in`` (the target) or ``mutual``
    (co-parties of a record without targets, and both sides of a meeting or cooperation).
    """

    partner: str
    partner_name: str
    type: str
    direction: Literal["out", "in", "mutual"]
    n_facts: int
    n_events: int


class ActorDetail(ActorOut):
    """An actor with its relations, heaviest first."""

    relations: list[Relation]


class EdgeRecord(BaseModel):
    """A fact (or event) behind a network edge."""

    id: str
    summary: str | None
    factuality: str
    date: str | None
    n_outlets: int | None
    doc_id: str | None


class NetworkNode(BaseModel):
    """An actor in the network."""

    id: str
    name: str
    kind: str
    weight: int


class NetworkEdge(BaseModel):
    """Facts (or events) of one type from one actor to another.

    ``weight`` counts them all; ``records`` lists the 100 strongest.
    """

    id: str
    source: str
    target: str
    type: str
    mutual: bool
    weight: int
    n_events: int
    factuality: str
    records: list[EdgeRecord]


class Network(BaseModel):
    """Actors as nodes, typed weighted edges; ``basis`` says whether edges count facts or events."""

    basis: Literal["facts", "events"]
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool = Field(description="True when max_edges left lighter edges out.")


class TimelineBucket(BaseModel):
    """How many facts of a type fall in a period (``YYYY-MM`` or ``YYYY``)."""

    period: str
    type: str
    n: int


class Timeline(BaseModel):
    """Facts (or events) per type and period, by the date of the fact (else when first reported)."""

    basis: Literal["facts", "events"]
    interval: Literal["month", "year"]
    buckets: list[TimelineBucket]
    undated: dict[str, int] = Field(description="Per type: records without a date precise enough.")


class Vocabulary(BaseModel):
    """The values filters accept."""

    event_types: list[str]
    weapon_categories: list[str]
    factualities: list[str]
    flag_statuses: list[str]
    fact_statuses: list[str] = Field(default_factory=list)
    register_statuses: list[str] = Field(default_factory=list)


class Summary(BaseModel):
    """Row counts and versions of the database."""

    model_config = ConfigDict(extra="allow")

    documents: int
    articles: int
    events: int
    facts: int
    stories: int
    flags: int
    armswatch_version: str | None
    kb_version: str | None


# --- ingest ------------------------------------------------------------------------------


class IngestDocument(BaseModel):
    """A document in the JSONL ingest shape: ``text`` or ``html`` is required."""

    id: str | None = Field(None, max_length=300)
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=100)
    outlet: str | None = Field(None, max_length=200)
    text: str | None = None
    html: str | None = None

    @model_validator(mode="after")
    def _has_body(self) -> IngestDocument:
        if self.text is None and self.html is None:
            raise ValueError('a document needs "text" or "html"')
        return self

    def payload(self) -> dict[str, Any]:
        """The JSON Lines record the sources stage reads."""
        return self.model_dump(exclude_none=True)


class IngestRequest(BaseModel):
    """Documents to run through the pipeline."""

    documents: list[IngestDocument] = Field(min_length=1, max_length=500)


class IngestResult(BaseModel):
    """Counts of the ingest run (as ``armswatch ingest`` prints them)."""

    seen: int
    written: int
    unchanged: int
    errors: int
    events: int
    error_messages: list[str]
