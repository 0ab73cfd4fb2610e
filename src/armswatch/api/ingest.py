"""``POST /api/v1/ingest``: documents in the JSONL shape, run through the pipeline.

Off unless the server was started with ``--allow-ingest`` and a token; requests must carry
``Authorization: Bearer <token>``. The documents are written to a temporary JSON Lines file
and read by ``armswatch.pipeline.ingest`` exactly as ``armswatch ingest file.jsonl`` would,
one ingest at a time (SQLite has one writer).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from armswatch.api import schemas

router = APIRouter(prefix="/api/v1")

_bearer = HTTPBearer(auto_error=False, description="The token given to armswatch serve --token.")
_LOCK = threading.Lock()
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


def _record(document: schemas.IngestDocument) -> dict[str, Any]:
    record = document.payload()
    if "id" not in record and "url" not in record:
        # Without an id the reader would name the document after the temporary file.
        body = document.html if document.html is not None else document.text or ""
        record["id"] = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    return record


def run_ingest(db_path: str, documents: list[schemas.IngestDocument]) -> dict[str, Any]:
    """Ingest documents into the database; return the pipeline's counts."""
    from armswatch.pipeline import ingest

    with tempfile.TemporaryDirectory(prefix="armswatch-ingest-") as tmp:
        path = Path(tmp) / "documents.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for document in documents:
                out.write(json.dumps(_record(document), ensure_ascii=False) + "\n")
        with _LOCK:
            report = ingest([str(path)], db_path, workers=1)
    return {
        "seen": report.seen,
        "written": report.written,
        "unchanged": report.unchanged,
        "errors": report.errors,
        "events": report.events,
        # Messages name the temporary file; the line number is what the caller can use.
        "error_messages": [m.replace(str(path), "document") for m in report.error_messages],
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
