"""Screenshots of every dashboard view, for the README: ``make screenshots``.

Serves a database with ``armswatch serve`` on a free port of 127.0.0.1, drives Debian's
Chromium (``/usr/bin/chromium``, never a Playwright download) through the views and writes
one PNG per view. Usage::

    python scripts/screenshots.py --db demo.db --out docs/screenshots
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 960}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    armswatch = str(Path(sys.executable).with_name("armswatch"))
    proc = subprocess.Popen(
        [armswatch, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"{url}/api/v1/vocabulary", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"armswatch serve --db {db} did not start")


def _shoot(page: Any, url: str, ready: str, path: Path) -> None:
    page.goto(url)
    page.wait_for_selector(ready)
    page.wait_for_timeout(300)  # let the last paint land
    page.screenshot(path=str(path))
    sys.stdout.write(f"wrote {path}\n")


def take(db: Path, out: Path) -> None:
    """Write facts, fact, network, timeline, actor and article screenshots of ``db`` to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    proc, base = _start(db)
    try:
        with httpx.Client(base_url=f"{base}/api/v1", timeout=30) as api:
            facts = (
                api.get("/facts", params={"flagged": "true", "limit": 1}).json()["items"]
                or api.get("/facts", params={"limit": 1}).json()["items"]
            )
            if not facts:
                raise SystemExit(f"{db} holds no facts: run make demo first")
            fact = facts[0]
            actor = api.get("/actors", params={"limit": 1}).json()["items"][0]["actor_id"]
            doc = api.get(f"/facts/{fact['fact_id']}").json()["events"][0]["doc_id"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            _shoot(page, f"{base}/#/facts", "table.facts tbody tr", out / "facts.png")
            _shoot(page, f"{base}/#/fact/{fact['fact_id']}", ".event-card mark.evidence", out / "fact.png")
            page.goto(f"{base}/#/network")
            page.wait_for_selector("#network[data-ready=true]")
            point = page.evaluate(
                """() => {
                    const cy = window.armswatchNetwork;
                    const edge = cy.edges().sort((a, b) => b.data('weight') - a.data('weight'))[0];
                    const box = cy.container().getBoundingClientRect();
                    const mid = edge.renderedMidpoint();
                    return {x: box.left + mid.x, y: box.top + mid.y};
                }"""
            )
            page.mouse.click(point["x"], point["y"])
            page.wait_for_selector("#edge-panel li")
            page.screenshot(path=str(out / "network.png"))
            sys.stdout.write(f"wrote {out / 'network.png'}\n")
            _shoot(page, f"{base}/#/timeline", "svg.timeline-chart rect", out / "timeline.png")
            _shoot(page, f"{base}/#/actor/{actor}", "ul.fact-list li", out / "actor.png")
            _shoot(page, f"{base}/#/article/{doc}", ".article-body mark", out / "article.png")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    """Parse arguments and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("demo.db"), help="armswatch database to show")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"), help="output directory")
    args = parser.parse_args()
    take(args.db, args.out)


if __name__ == "__main__":
    main()
