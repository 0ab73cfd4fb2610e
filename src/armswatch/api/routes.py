"""Read-only endpoints of the HTTP API under ``/api/v1``.

Every request opens its own read-only store (an SQLite connection cannot cross threads, and
FastAPI runs these sync handlers in a thread pool) and closes it before answering. Lists are
pages (``limit``, ``offset``, ``next_offset``) in JSON, or CSV with ``?format=csv`` or
``Accept: text/csv``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response

from armswatch.api import aggregate, schemas
from armswatch.export.records import FACT_ROW_CSV_FIELDS, FACT_ROW_FIELDS, STORY_FIELDS, flat_flags
from armswatch.export.writers import write_csv
from armswatch.filters import ACTOR_FILTERS, NAME_FILTERS, FilterError, check_name, resolve_actor
from armswatch.models import EVENT_TYPES, FACT_STATUSES, FACTUALITIES, FLAG_STATUSES, WEAPON_CATEGORIES
from armswatch.store import Reader, open_store
from armswatch.store.fields import ARTICLE_FIELDS, EVENT_FIELDS
from armswatch.stories.register import STAGES, RegisterEntry

router = APIRouter(prefix="/api/v1")

_CSV = {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "A CSV page."}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": schemas.Problem, "description": "Unknown id."}}
_LIST_RESPONSES: dict[int | str, dict[str, Any]] = {200: _CSV}
_LISTED_ARTICLE_FIELDS = tuple(f for f in ARTICLE_FIELDS if f != "body")
_FLAG_FIELDS = tuple(schemas.FlagOut.model_fields)
_ACTOR_FIELDS = ("actor_id", "name", "kind", "n_facts", "n_events")

IdPath = Annotated[str, Path(min_length=1, max_length=300)]


@contextmanager
def reader(request: Request) -> Iterator[Reader]:
    """The reader of a read-only store open for the length of one request, in one snapshot.

    One read transaction per request: an answer built from several queries (a fact and its
    events) never mixes the states before and after a writer's commit.
    """
    with open_store(request.app.state.config.db_path, readonly=True) as store, store.snapshot():
        yield store.read


def _accepts_csv(accept: str) -> bool:
    """True when the Accept header prefers text/csv to application/json."""
    weights: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[media.lower()] = max(q, weights.get(media.lower(), 0.0))
    csv_q = weights.get("text/csv", 0.0)
    return csv_q > 0 and csv_q > weights.get("application/json", 0.0)


def _wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    return _accepts_csv(request.headers.get("accept", ""))


def _page(
    request: Request,
    query: schemas.Paging,
    rows: list[dict[str, Any]],
    fields: Sequence[str],
    name: str,
) -> Response | dict[str, Any]:
    """A page of ``rows`` (fetched with one extra row, which says whether more follow)."""
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    if _wants_csv(request, query.format):
        out = io.StringIO()
        write_csv(rows, fields, out)
        headers = {"Content-Disposition": f'inline; filename="{name}.csv"'}
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    return {
        "items": rows,
        "limit": query.limit,
        "offset": query.offset,
        "next_offset": query.offset + query.limit if more else None,
    }


def _window(rows: Iterator[dict[str, Any]], query: schemas.Paging) -> list[dict[str, Any]]:
    return list(islice(rows, query.offset, query.offset + query.limit + 1))


def _filters(
    query: schemas.Paging | schemas.NetworkQuery | schemas.TimelineQuery, *names: str
) -> dict[str, Any]:
    found = {n: getattr(query, n) for n in names if getattr(query, n) is not None}
    for role in ACTOR_FILTERS:
        if role in found:
            found[role] = _actor_id(role, found[role])
    for name in NAME_FILTERS:
        if name in found:
            try:
                found[name] = check_name(name, found[name])
            except FilterError as exc:
                raise HTTPException(status_code=422, detail=str(exc)) from None
    return found


def _actor_id(role: str, value: str) -> str:
    """The actor id an id in any case or a KB name stands for (``prk``, ``North Korea``);
    a value the KB does not know is kept as given, and matches nothing."""
    try:
        return resolve_actor(role, value)
    except FilterError:
        return value


def _missing(what: str, key: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"no {what} {key!r}")


# --- articles ----------------------------------------------------------------------------


@router.get("/articles", response_model=schemas.Page[schemas.ArticleOut], responses=_LIST_RESPONSES)
def list_articles(request: Request, query: Annotated[schemas.ArticleQuery, Query()]) -> Any:
    """Articles, by doc_id, or by search rank with ``q`` (full-text search of title and body)."""
    filters = _filters(query, "q", "outlet", "since", "until")
    with reader(request) as read:
        rows = _window(read.articles(limit=query.offset + query.limit + 1, **filters), query)
    for row in rows:
        row.pop("body", None)
    return _page(request, query, rows, _LISTED_ARTICLE_FIELDS, "articles")


@router.get("/articles/{doc_id}", response_model=schemas.ArticleDetail, responses=_NOT_FOUND)
def get_article(request: Request, doc_id: IdPath) -> Any:
    """One article with its cleaned body, into which event evidence offsets point, and its events."""
    with reader(request) as read:
        try:
            article = next(read.load_articles(doc_ids=[doc_id]))
        except KeyError:
            raise _missing("article", doc_id) from None
        events = list(read.events(doc_id=doc_id))
    return {
        "doc_id": article.doc_id,
        "title": article.title,
        "published": article.published,
        "published_evidence": article.published_evidence,
        "page_date": article.page_date,
        "outlet": article.outlet,
        "url": article.url,
        "lang": article.lang,
        "source": article.source,
        "content_hash": article.content_hash,
        "fetched_at": article.fetched_at,
        "body": article.text,
        "events": events,
    }


# --- events ------------------------------------------------------------------------------

_EVENT_FILTERS = ("type", "source", "target", "actor", "weapon", "factuality", "since", "until")


@router.get("/events", response_model=schemas.Page[schemas.EventOut], responses=_LIST_RESPONSES)
def list_events(request: Request, query: Annotated[schemas.EventQuery, Query()]) -> Any:
    """Events matching every filter, by document and position."""
    filters = _filters(query, *_EVENT_FILTERS, "doc_id")
    with reader(request) as read:
        rows = _window(read.events(limit=query.offset + query.limit + 1, **filters), query)
    return _page(request, query, rows, EVENT_FIELDS, "events")


@router.get("/events/{event_id}", response_model=schemas.EventOut, responses=_NOT_FOUND)
def get_event(request: Request, event_id: IdPath) -> Any:
    """One event."""
    with reader(request) as read:
        event = read.event(event_id)
    if event is None:
        raise _missing("event", event_id)
    return event


# --- facts -------------------------------------------------------------------------------


@router.get("/facts", response_model=schemas.Page[schemas.FactOut], responses=_LIST_RESPONSES)
def list_facts(request: Request, query: Annotated[schemas.FactQuery, Query()]) -> Any:
    """Facts, most independently reported first; ``q`` searches the facts' articles."""
    filters = _filters(query, *_EVENT_FILTERS, "flagged", "status", "outlet")
    with reader(request) as read:
        if query.q is not None:
            rows = aggregate.search_facts(
                read, query.q, limit=query.limit + 1, offset=query.offset, **filters
            )
        else:
            rows = list(read.facts(limit=query.limit + 1, offset=query.offset, **filters))
    if _wants_csv(request, query.format):
        rows = [flat_flags(row) for row in rows]
        return _page(request, query, rows, FACT_ROW_CSV_FIELDS, "facts")
    return _page(request, query, rows, FACT_ROW_FIELDS, "facts")


@router.get("/facts/{fact_id}", response_model=schemas.FactDetail, responses=_NOT_FOUND)
def get_fact(request: Request, fact_id: IdPath) -> Any:
    """One fact with its events: evidence, offsets into each article body, outlet, relation."""
    with reader(request) as read:
        fact = read.fact(fact_id)
    if fact is None:
        raise _missing("fact", fact_id)
    return fact


# --- stories -----------------------------------------------------------------------------


@router.get("/stories", response_model=schemas.Page[schemas.StoryOut], responses=_LIST_RESPONSES)
def list_stories(request: Request, query: Annotated[schemas.StoryQuery, Query()]) -> Any:
    """Stories: groups of articles about the same news."""
    with reader(request) as read:
        rows = list(read.stories(limit=query.limit + 1, offset=query.offset))
    return _page(request, query, rows, STORY_FIELDS, "stories")


@router.get("/stories/{story_id}", response_model=schemas.StoryDetail, responses=_NOT_FOUND)
def get_story(request: Request, story_id: IdPath) -> Any:
    """One story with its articles and facts."""
    with reader(request) as read:
        story = read.story(story_id)
    if story is None:
        raise _missing("story", story_id)
    return story


# --- flags -------------------------------------------------------------------------------


@router.get("/flags", response_model=schemas.Page[schemas.FlagOut], responses=_LIST_RESPONSES)
def list_flags(request: Request, query: Annotated[schemas.FlagQuery, Query()]) -> Any:
    """Sanctions flags: facts that may breach a UN Security Council regime."""
    with reader(request) as read:
        flags = read.flags(status=query.status)
        if query.regime is not None:
            flags = (f for f in flags if f["regime"] == query.regime)
        rows = _window(flags, query)
    return _page(request, query, rows, _FLAG_FIELDS, "flags")


# --- register ----------------------------------------------------------------------------


@router.get("/register", response_model=schemas.Page[schemas.RegisterOut], responses=_LIST_RESPONSES)
def list_register(request: Request, query: Annotated[schemas.RegisterQuery, Query()]) -> Any:
    """The arms-transfer register: deals by supplier, recipient and designation (CSV: SIPRI's columns)."""
    from armswatch.kb import load_kb
    from armswatch.stories.register import SIPRI_FIELDS, register_entries

    filters = _filters(query, "supplier", "recipient", "designation", "status")
    with reader(request) as read:
        entries = register_entries(read, load_kb(), **filters)
    window = entries[query.offset : query.offset + query.limit + 1]
    if _wants_csv(request, query.format):
        return _page(request, query, [e.as_sipri() for e in window], SIPRI_FIELDS, "register")
    rows = [_register_row(e) for e in window]
    return _page(request, query, rows, list(rows[0]) if rows else [], "register")


def _register_row(entry: RegisterEntry) -> dict[str, Any]:
    """An entry's record with each source's event id, so that a reader can open its sentence."""
    row = entry.as_row()
    for source, report in zip(row["sources"], entry.reports, strict=True):
        source["event_id"] = report.event_id
    return row


# --- actors, network, timeline -----------------------------------------------------------


@router.get("/actors", response_model=schemas.Page[schemas.ActorOut], responses=_LIST_RESPONSES)
def list_actors(request: Request, query: Annotated[schemas.ActorQuery, Query()]) -> Any:
    """Actors named by facts or events, most facts first."""
    actors = aggregate.actor_index(request.app.state.config.db_path).actors()
    if query.q is not None:
        needle = query.q.casefold()
        actors = [a for a in actors if needle in a["actor_id"].casefold() or needle in a["name"].casefold()]
    if query.kind is not None:
        actors = [a for a in actors if a["kind"] == query.kind]
    return _page(request, query, _window(iter(actors), query), _ACTOR_FIELDS, "actors")


@router.get("/actors/{actor_id}", response_model=schemas.ActorDetail, responses=_NOT_FOUND)
def get_actor(request: Request, actor_id: IdPath) -> Any:
    """One actor with its relations: facts and events per partner, type and direction."""
    actor = aggregate.actor_index(request.app.state.config.db_path).actor(actor_id)
    if actor is None:
        raise _missing("actor", actor_id)
    return actor


@router.get("/network", response_model=schemas.Network)
def get_network(request: Request, query: Annotated[schemas.NetworkQuery, Query()]) -> Any:
    """The actor network: states and organisations as nodes, facts as typed, weighted edges."""
    filters = _filters(query, "type", "actor", "weapon", "factuality", "since", "until")
    with reader(request) as read:
        return aggregate.network(
            read,
            names=aggregate.kb_actor_names(),
            basis=query.basis,
            min_weight=query.min_weight,
            max_edges=query.max_edges,
            **filters,
        )


@router.get("/timeline", response_model=schemas.Timeline)
def get_timeline(request: Request, query: Annotated[schemas.TimelineQuery, Query()]) -> Any:
    """Facts per type and month (or year)."""
    filters = _filters(query, "type", "actor", "factuality", "since", "until")
    with reader(request) as read:
        return aggregate.timeline(read, interval=query.interval, **filters)


# --- database ----------------------------------------------------------------------------


@router.get("/summary", response_model=schemas.Summary)
def get_summary(request: Request) -> Any:
    """Row counts and the armswatch and KB versions that wrote the database."""
    with reader(request) as read:
        summary = read.summary()
    return {**summary, **aggregate.record_counts(request.app.state.config.db_path)}


@router.get("/vocabulary", response_model=schemas.Vocabulary)
def get_vocabulary() -> Any:
    """Event types, weapon categories, factualities, flag, fact and register statuses that filters accept."""
    return {
        "event_types": list(EVENT_TYPES),
        "weapon_categories": list(WEAPON_CATEGORIES),
        "factualities": list(FACTUALITIES),
        "flag_statuses": list(FLAG_STATUSES),
        "fact_statuses": list(FACT_STATUSES),
        "register_statuses": list(STAGES),
    }
