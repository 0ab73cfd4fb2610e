"""``POST /api/v1/ingest``: documents in the JSONL shape, run through the pipeline.

Off unless the server was started with ``--allow-ingest`` and a token; requests must carry
``Authorization: Bearer <token>``. Each document becomes a ``RawDoc`` as a JSON Lines record
would (``armswatch.sources.doc_from_string``) and the batch goes through
``armswatch.pipeline.ingest_documents``, one ingest at a time (SQLite has one writer).
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from armswatch.api import schemas
from armswatch.models import IngestFailure, RawDoc

router = APIRouter(prefix="/api/v1")

_bearer = HTTPBearer(auto_error=False, description="The token given to armswatch serve --token.")
_LOCK = threading.Lock()
#: Seconds a POST /ingest waits for another process's write (a CLI ingest, a rebuild).
INGEST_WAIT = 30.0
_UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": schemas.Problem, "description": "Missing or wrong bearer token."}
}


def _check_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    expected: str = request.app.state.config.token or ""
    given = credentials.credentials if credentials is not None else ""
    # Constant time, so the token cannot be guessed a character at a time.
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(
            status_code=401, detail="a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )


def _raw_docs(documents: list[schemas.IngestDocument]) -> Iterator[RawDoc | IngestFailure]:
    from armswatch.sources import doc_from_string

    for n, document in enumerate(documents, start=1):
        # HTML wins when both are given, as in a JSON Lines record: the clean stage reads title
        # and dates from the markup.
        html = document.html is not None and (bool(document.html.strip()) or document.text is None)
        yield doc_from_string(
            (document.html if html else document.text) or "",
            kind="html" if html else "text",
            doc_id=document.id,
            url=document.url,
            title=document.title,
            published=document.published,
            outlet=document.outlet,
            # The position in the request is what the caller can use to find a failed document.
            source=f"document:{n}",
        )


def run_ingest(db_path: str, documents: list[schemas.IngestDocument]) -> dict[str, Any]:
    """Ingest documents into the database; return the pipeline's counts."""
    from armswatch.pipeline import ingest_documents
    from armswatch.store import busy_timeout_default, open_store

    # An HTTP client does not wait minutes: a write lock held longer is a 503 with Retry-After.
    wait = min(INGEST_WAIT, busy_timeout_default())
    with _LOCK, open_store(db_path, busy_timeout=wait) as store:
        report = ingest_documents(_raw_docs(documents), store, workers=1)
    return {
        "seen": report.seen,
        "written": report.written,
        "unchanged": report.unchanged,
        "errors": report.errors,
        "events": report.events,
        "error_messages": report.error_messages,
    }


@router.post(
    "/ingest",
    response_model=schemas.IngestResult,
    responses=_UNAUTHORIZED,
    dependencies=[Depends(_check_token)],
)
def post_ingest(request: Request, body: schemas.IngestRequest) -> Any:
    """Run documents (``{"id","url","title","published","text"|"html"}``) through the pipeline."""
    return run_ingest(request.app.state.config.db_path, body.documents)
