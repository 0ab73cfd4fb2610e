"""The HTTP API and the analyst dashboard, served by one FastAPI app.

Stage contract: a database path in, an ASGI app out. Read-only unless ingest is switched on
with a token. The dashboard is static HTML and JavaScript under ``static/`` (vendored
libraries included, nothing from a CDN) that fetches the API; a strict Content-Security-Policy
forbids inline scripts, so even a rendering mistake could not run text from an article.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
from collections.abc import Mapping, Sequence
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

#: Largest ingest request body, in bytes, unless the server is told otherwise.
DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024
#: Shortest ingest token accepted: anything shorter can be guessed.
MIN_TOKEN_LENGTH = 16
#: The Host names a server bound to a loopback address answers by default.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
_INGEST_PATH = "/api/v1/ingest"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiConfig:
    """What the app needs to know: the database, whether (and with what token) it may ingest,
    how large an ingest body may be, and which Host names it answers (None: any)."""

    db_path: str
    allow_ingest: bool = False
    token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    allowed_hosts: tuple[str, ...] | None = None


async def _send_json(
    send: Send, status: int, body: Mapping[str, Any], headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    payload = json.dumps(body).encode()
    start_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": [*start_headers, *headers]})
    await send({"type": "http.response.body", "body": payload})


class IngestGuard:
    """ASGI middleware in front of ``POST /api/v1/ingest``: the token is checked from the headers
    before a byte of the body is read, and the body is read in chunks up to ``max_body_bytes``
    (a larger one is refused with 413 as soon as it is seen), so that no unauthenticated or
    oversized request costs the server memory."""

    def __init__(self, app: ASGIApp, *, token: str, max_body_bytes: int) -> None:
        self.app = app
        self.token = token.encode()
        self.max_body_bytes = max_body_bytes

    def _authorised(self, scope: Scope) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                scheme, _, given = value.partition(b" ")
                # Constant time, so the token cannot be guessed a character at a time.
                return scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self.token)
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != _INGEST_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        if not self._authorised(scope):
            headers = [(b"www-authenticate", b"Bearer")]
            await _send_json(send, 401, {"detail": "a valid bearer token is required"}, headers)
            return
        too_large = {"detail": f"the request body is over the limit of {self.max_body_bytes} bytes"}
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await _send_json(send, 413, too_large)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await _send_json(send, 413, too_large)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def is_loopback(host: str) -> bool:
    """True when ``host`` is a loopback address or ``localhost``."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_allowed_hosts(host: str, extra: Sequence[str] = ()) -> tuple[str, ...] | None:
    """The Host names a server bound to ``host`` answers: the loopback names and ``host`` itself,
    plus ``extra``. None (any name) only for a wildcard address with no names given."""
    wildcard = host in ("0.0.0.0", "::", "[::]", "")
    if wildcard and not extra:
        return None
    names = [*LOOPBACK_HOSTS, *extra]
    if not wildcard and host not in names:
        names.append(host)
    return tuple(dict.fromkeys(names))


def exposure_warnings(host: str, *, allow_ingest: bool, allowed_hosts: tuple[str, ...] | None) -> list[str]:
    """What to tell the user before serving on ``host``: one sentence a warning."""
    out: list[str] = []
    if not is_loopback(host):
        what = (
            "read the database and post documents (--allow-ingest)" if allow_ingest else "read the database"
        )
        out.append(f"serving on {host}, not a loopback address: anyone who can reach it can {what}")
    if allowed_hosts is None:
        out.append("any Host name is answered; name the ones to serve with --allowed-host")
    return out


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


def _vocabularies(path: str) -> Mapping[str, Sequence[str]]:
    """What the vocabulary filters of the list at ``path`` accept: ``status`` is a fact's on
    facts, a deal's stage on the register and a flag's elsewhere."""
    from armswatch.filters import FACT_VOCABULARIES, VOCABULARIES

    if path.rstrip("/").endswith("/facts"):
        return FACT_VOCABULARIES
    if path.rstrip("/").endswith("/register"):
        from armswatch.stories.register import STAGES

        return {**VOCABULARIES, "status": STAGES}
    return VOCABULARIES


def _filter_message(error: Mapping[str, Any], vocabularies: Mapping[str, Sequence[str]]) -> str | None:
    """The CLI's message for a bad filter value (a date, a vocabulary word), or None for others."""
    from armswatch.filters import DATE_FILTERS, FilterError, check_choice, check_date

    loc = error.get("loc", ())
    name = str(loc[-1]) if loc else ""
    value = error.get("input")
    if not isinstance(value, str):
        return None
    try:
        if name in DATE_FILTERS and error.get("type") == "string_pattern_mismatch":
            check_date(name, value)
        elif name in vocabularies and error.get("type") == "literal_error":
            check_choice(name, value, vocabularies[name])
    except FilterError as exc:
        return str(exc)
    return None


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    # A mistyped date or type reads as the CLI says it: "unknown type 'x' (did you mean y?)".
    vocabularies = _vocabularies(request.url.path)
    message = "; ".join(
        _filter_message(e, vocabularies) or f"{_location(e.get('loc', ()))}: {e.get('msg', 'invalid')}"
        for e in errors
    )
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


def create_app(
    db_path: str | Path,
    *,
    allow_ingest: bool = False,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """Build the API and dashboard app for the database at ``db_path``.

    ``allowed_hosts`` (None: any) are the Host names answered, against DNS rebinding. Raises
    :class:`ApiConfigError` when the database cannot be read, or when ingest is asked for
    without a token of at least 16 characters, or with a body limit under one byte.
    """
    if allow_ingest and not token:
        raise ApiConfigError("--allow-ingest needs a token (--token or ARMSWATCH_TOKEN)")
    if allow_ingest and token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ApiConfigError(
            f"the ingest token must be at least {MIN_TOKEN_LENGTH} characters, not {len(token)}"
        )
    if max_body_bytes < 1:
        raise ApiConfigError(f"the ingest body limit must be at least 1 byte, not {max_body_bytes}")
    config = ApiConfig(
        db_path=str(db_path),
        allow_ingest=allow_ingest,
        token=token if allow_ingest else None,
        max_body_bytes=max_body_bytes,
        allowed_hosts=tuple(allowed_hosts) if allowed_hosts is not None else None,
    )
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

    if config.allow_ingest and config.token:
        app.add_middleware(IngestGuard, token=config.token, max_body_bytes=config.max_body_bytes)
    if config.allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts))
    # Added last, so outermost: every answer carries the headers, refusals included.
    app.add_middleware(SecurityHeaders)
    return app


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    allow_ingest: bool = False,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    allowed_hosts: Sequence[str] = (),
    log_level: str = "info",
) -> None:
    """Run the API and dashboard with uvicorn until interrupted.

    The server answers the loopback names, ``host`` and ``allowed_hosts`` (any name only on a
    wildcard address with none given), and warns before listening beyond loopback.
    """
    import uvicorn

    hosts = default_allowed_hosts(host, allowed_hosts)
    app = create_app(
        db_path, allow_ingest=allow_ingest, token=token, max_body_bytes=max_body_bytes, allowed_hosts=hosts
    )
    for warning in exposure_warnings(host, allow_ingest=allow_ingest, allowed_hosts=hosts):
        logger.warning("%s", warning)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
