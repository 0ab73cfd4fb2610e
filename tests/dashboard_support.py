"""Shared by the dashboard tests: Debian's Chromium driven by Playwright, and a served corpus.

Not a test module. Playwright's own browser downloads are never used: the tests run
``/usr/bin/chromium`` (``make browser-deps`` installs it) and skip, saying so, without it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_support import corpus_db, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]

browser_only = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian Chromium is not installed at /usr/bin/chromium (make browser-deps)",
    ),
]


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over the fixture corpus, run through the whole pipeline (once per session)."""
    db = tmp_path_factory.getbasetemp() / "dashboard-corpus.db"
    if not db.exists():
        built = corpus_db(tmp_path_factory.mktemp("dashboard") / "corpus.db")
        built.replace(db)
    with serve(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageWatch:
    """A page plus everything it did that a test may want to refuse: dialogs, errors, requests."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("console", self._console)
        page.route("**/*", self._route)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _route(self, route: Any) -> None:
        # Nothing may come from outside the server: the dashboard must work offline.
        if route.request.url.startswith(self.base_url):
            route.continue_()
        else:
            self.foreign_requests.append(route.request.url)
            route.abort()

    def open(self, hash_path: str) -> Any:
        self.page.goto(f"{self.base_url}/{hash_path}")
        return self.page


@pytest.fixture
def watch(browser: Any, corpus_url: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield PageWatch(page, corpus_url)
    context.close()


@functools.cache
def _client(base_url: str) -> httpx.Client:
    return httpx.Client(base_url=f"{base_url}/api/v1", timeout=30)


def api(base_url: str, path: str, **params: Any) -> Any:
    """GET an API path of the served corpus as JSON."""
    response = _client(base_url).get(path, params=params)
    response.raise_for_status()
    return response.json()
