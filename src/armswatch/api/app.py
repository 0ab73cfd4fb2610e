"""The HTTP API and the analyst dashboard, served by one FastAPI app.

Stage contract: a database path in, an ASGI app out. Read-only unless ingest is switched on
with a token. The dashboard is static HTML and JavaScript under ``static/`` (vendored
libraries included, nothing from a CDN) that fetches the API; a strict Content-Security-Policy
forbids inline scripts, so even a rendering mistake could not run text from an article.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from armswatch.errors import ApiConfigError as ApiConfigError
from armswatch.store import StoreError, open_store
from armswatch.version import __version__

logger = logging.getLogger(__name__)

_HERE = Path(__file__).parent
STATIC_DIR = _HERE / "static"
TEMPLATES_DIR = _HERE / "templates"

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets style attributes from its own markup; its page holds no article text.
_DOCS_CSP = _CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiConfig:
    """What the app needs to know: the database, and whether (and with what token) it may ingest."""

    db_path: str
    allow_ingest: bool = False
    token: str | None = None


class SecurityHeaders:
    """ASGI middleware adding CSP and related headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _DOCS_CSP if scope["path"] == "/docs" else _CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body")]
    return ".".join(parts) or "request"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    message = "; ".join(f"{_location(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors)
    detail = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in errors]
    return JSONResponse(status_code=422, content={"detail": detail, "message": message})


async def _store_error(request: Request, exc: Exception) -> JSONResponse:
    logger.error("database unavailable: %s", exc)
    # A busy writer is worth retrying, and nothing of the request was written.
    retry = getattr(exc, "retry_after", None)
    headers = {"Retry-After": str(retry)} if isinstance(retry, int) else None
    return JSONResponse(status_code=503, content={"detail": f"database unavailable: {exc}"}, headers=headers)


def _check_database(config: ApiConfig) -> None:
    path = Path(config.db_path)
    if not path.is_file():
        if not config.allow_ingest:
            raise ApiConfigError(f"{config.db_path}: no such database; run armswatch ingest first")
        # An ingest server may start empty: create and migrate the file now.
        open_store(path).close()
    try:
        open_store(path, readonly=True).close()
    except StoreError as exc:
        raise ApiConfigError(str(exc)) from exc


def create_app(db_path: str | Path, *, allow_ingest: bool = False, token: str | None = None) -> FastAPI:
    """Build the API and dashboard app for the database at ``db_path``.

    Raises :class:`ApiConfigError` when the database cannot be read, or when ingest is
    asked for without a token.
    """
    if allow_ingest and not token:
        raise ApiConfigError("--allow-ingest needs a token (--token or ARMSWATCH_TOKEN)")
    config = ApiConfig(db_path=str(db_path), allow_ingest=allow_ingest, token=token if allow_ingest else None)
    _check_database(config)
    return build_app(config)


def build_app(config: ApiConfig) -> FastAPI:
    """The app for ``config``, without checking the database (``create_app`` does)."""
    from armswatch.api import ingest, routes

    app = FastAPI(
        title="armswatch",
        version=__version__,
        summary="Evidence-linked facts about arms transfers, meetings, sanctions and accusations.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = config
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    app.include_router(routes.router)
    if config.allow_ingest:
        app.include_router(ingest.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    index = (TEMPLATES_DIR / "index.html").read_text(encoding="utf-8")
    docs = (TEMPLATES_DIR / "docs.html").read_text(encoding="utf-8")

    @app.get("/", include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse(index)

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(docs)

    app.add_middleware(SecurityHeaders)
    return app


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_ingest: bool = False,
    token: str | None = None,
    log_level: str = "info",
) -> None:
    """Run the API and dashboard with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db_path, allow_ingest=allow_ingest, token=token)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
