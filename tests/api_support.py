"""Shared by the API, dashboard and export tests: fixture databases and a live server.

Not a test module. ``synthetic_db`` writes hand-made articles and events (no NLP, exact
expectations); ``corpus_db`` runs ``tests/data/api/corpus.jsonl`` through the real pipeline.
Both then build stories, facts and flags with ``armswatch.stories``. ``serve`` runs
``armswatch serve`` in a subprocess on a free port of 127.0.0.1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from armswatch.models import Article, Event
from armswatch.store import open_store

DATA = Path(__file__).parent / "data" / "api"
CORPUS = DATA / "corpus.jsonl"
VERSIONS = {"armswatch_version": "0.1.0", "kb_version": "test-kb"}

#: A payload that must show as text in the dashboard and never run.
XSS_TEXT = "<script>window.__xss = 1; alert('xss')</script> and <img src=x onerror=\"window.__xss = 2\">"


def _doc(
    doc_id: str, outlet: str, published: str, title: str, sentences: list[str]
) -> tuple[Article, list[tuple[int, int]]]:
    """An article whose body is the sentences joined by blank lines, and each sentence's span."""
    spans: list[tuple[int, int]] = []
    body = ""
    for sentence in sentences:
        if body:
            body += "\n\n"
        spans.append((len(body), len(body) + len(sentence)))
        body += sentence
    article = Article(
        doc_id=doc_id,
        source=f"{doc_id}.txt",
        text=body,
        content_hash=f"hash-{doc_id}",
        fetched_at="2024-05-01T00:00:00Z",
        title=title,
        published=published,
        published_evidence="given",
        outlet=outlet,
        url=f"https://{outlet.lower().replace(' ', '-')}.example/{doc_id}",
    )
    return article, spans


def _event(article: Article, span: tuple[int, int], **kw: Any) -> Event:
    fields: dict[str, Any] = {
        "doc_id": article.doc_id,
        "type": "arms_transfer",
        "source": (),
        "target": (),
        "weapons": (),
        "factuality": "certain",
        "attributed_to": None,
        "date": None,
        "location": None,
        "evidence": article.text[span[0] : span[1]],
        "evidence_start": span[0],
        "evidence_end": span[1],
        "plover_code": "AID",
        "plover_mode": "military",
        "confidence": 0.8,
        "rule": "test",
        "trigger": "test",
    }
    fields.update(kw)
    return Event(**fields)


#: (doc_id, outlet, published, title, [(sentence, event fields or None)]).
SYNTHETIC: list[tuple[str, str, str, str, list[tuple[str, dict[str, Any] | None]]]] = [
    (
        "a1",
        "Alpha Post",
        "2023-10-14",
        "North Korea shipped munitions to Russia, Washington says",
        [
            (
                "North Korea delivered artillery shells to Russia in September, Washington said.",
                {"source": ("PRK",), "target": ("RUS",), "weapons": ("ammunition",), "date": "2023-09"},
            ),
            (
                "The United States accused North Korea of violating UN resolutions.",
                {
                    "type": "accusation",
                    "source": ("USA",),
                    "target": ("PRK",),
                    "attributed_to": "USA",
                    "date": "2023-10-14",
                    "plover_code": "ACCUSE",
                    "plover_mode": "",
                },
            ),
        ],
    ),
    (
        "a2",
        "Beta News",
        "2023-10-15",
        "Shells from Pyongyang reached Moscow",
        [
            (
                "Pyongyang sent shells to Moscow in September, officials said.",
                {"source": ("PRK",), "target": ("RUS",), "weapons": ("ammunition",), "date": "2023-09"},
            ),
            (
                "The Kremlin denied any arms deal.",
                {
                    "type": "denial",
                    "source": ("RUS",),
                    "attributed_to": "RUS",
                    "date": "2023-10-15",
                    "plover_code": "REJECT",
                    "plover_mode": "",
                },
            ),
        ],
    ),
    (
        "a3",
        "Gamma Daily",
        "2024-01-04",
        "Russia fired North Korean missiles 📍 at Ukraine",
        [
            ("Officials posted a map 📍 of the strikes.", None),
            (
                "Russia fired ballistic missiles supplied by North Korea at Ukraine.",
                {"source": ("PRK",), "target": ("RUS",), "weapons": ("missiles",), "date": "2024-01"},
            ),
        ],
    ),
    (
        "a4",
        "Alpha Post",
        "2022-11-05",
        "Iran admits sending drones",
        [
            (
                "Iran said it had supplied drones to Russia in 2022.",
                {
                    "source": ("IRN",),
                    "target": ("RUS",),
                    "weapons": ("drones",),
                    "attributed_to": "IRN",
                    "date": "2022",
                },
            ),
        ],
    ),
    (
        "a5",
        "Beta News",
        "2023-09-13",
        "Kim and Putin meet",
        [
            (
                "Kim Jong Un met Vladimir Putin at the Vostochny spaceport.",
                {
                    "type": "meeting",
                    "source": ("PRK",),
                    "target": ("RUS",),
                    "date": "2023-09-13",
                    "plover_code": "CONSULT",
                    "plover_mode": "meet",
                },
            ),
            (
                "The two leaders may sign a defence pact.",
                {
                    "type": "military_cooperation",
                    "source": ("PRK", "RUS"),
                    "factuality": "possible",
                    "date": "2023-09",
                    "plover_code": "COOPERATE",
                },
            ),
        ],
    ),
    (
        "a6",
        "Gamma Daily",
        "2023-01-25",
        "Germany to send tanks",
        [
            (
                "Germany will send Leopard tanks to Ukraine.",
                {
                    "source": ("DEU",),
                    "target": ("UKR",),
                    "weapons": ("armoured_vehicles",),
                    "factuality": "possible",
                    "date": "2023-01-25",
                },
            ),
            (
                "Washington imposed sanctions on Iran Air.",
                {
                    "type": "sanction",
                    "source": ("USA",),
                    "target": ("IRN", "iran_air"),
                    "date": "2023-01",
                    "plover_code": "SANCTION",
                    "plover_mode": "",
                },
            ),
        ],
    ),
    (
        "a7",
        "Delta Wire",
        "2023-11-02",
        f"Report {XSS_TEXT}",
        [
            (f"A phishing email contained {XSS_TEXT}, researchers said.", None),
            (
                f"North Korea shipped a million shells to Russia {XSS_TEXT} since August.",
                {"source": ("PRK",), "target": ("RUS",), "weapons": ("ammunition",), "date": "2023-11"},
            ),
        ],
    ),
]


def build_facts(path: Path) -> None:
    """Build stories, facts and flags of the database with the real stories stage."""
    from armswatch.stories import update

    with open_store(path) as store:
        update(store)


def synthetic_db(path: Path, *, facts: bool = True) -> Path:
    """Write the hand-made documents and events, then (unless ``facts=False``) build facts."""
    with open_store(path) as store:
        for doc_id, outlet, published, title, sentences in SYNTHETIC:
            article, spans = _doc(doc_id, outlet, published, title, [s for s, _ in sentences])
            events = [
                _event(article, span, **kw) for span, (_, kw) in zip(spans, sentences, strict=True) if kw
            ]
            store.save_document(article, kind="text", events=events, **VERSIONS)
    if facts:
        build_facts(path)
    return path


def corpus_db(path: Path) -> Path:
    """Run the fixture corpus through the whole pipeline, then build facts."""
    from armswatch.pipeline import ingest

    report = ingest([str(CORPUS)], path)
    assert report.errors == 0, report.error_messages
    build_facts(path)
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(url: str, proc: subprocess.Popen[bytes], deadline: float) -> bool:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if httpx.get(f"{url}/api/v1/vocabulary", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return False


@contextmanager
def serve(db: Path, *args: str, log: Path | None = None, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``armswatch serve --db DB ARGS`` on a free port of 127.0.0.1; yield its base URL.

    A separate process, as users run it (and not sharing the tests' GIL). A port taken
    between choosing and binding it is retried with another.
    """
    command = str(Path(sys.executable).with_name("armswatch"))
    log = log or db.with_suffix(".serve.log")
    for _ in range(3):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [command, "serve", "--db", str(db), "--port", str(port), *args],
                stdout=out,
                stderr=out,
                env={**os.environ, **(env or {})},
            )
        try:
            if _ready(url, proc, time.monotonic() + 60):
                yield url
                return
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if "address already in use" not in log.read_text(errors="replace"):
            break
    raise RuntimeError(f"armswatch serve did not start: {log.read_text(errors='replace')[-2000:]}")
