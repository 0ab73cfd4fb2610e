"""Benchmark the whole ingest: documents/s and peak memory with 1 and 2 workers, then a re-ingest.

Usage: .venv/bin/python benchmarks/ingest.py [--pages N] [--workers 1 2] [--seed S] [--keep DIR]

Writes N synthetic noisy news pages (text and HTML mixed, see ``_pages.py``) into a temp
directory and runs ``armswatch.pipeline.ingest`` over it once per worker count, each run
in a fresh Python process with a fresh database, so that ``ru_maxrss`` is that run's own:
"parent" is the process that reads files and writes SQLite (with 1 worker it also runs
the pipeline), "largest worker" the biggest pool process. Each run then ingests the same
directory again into the same database, which must write nothing.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import _pages  # benchmarks/ is the script's directory, hence on sys.path

TABLES = ("documents", "articles", "sentences", "mentions", "events", "event_actors", "ingest_errors")


def row_counts(db: Path) -> dict[str, int]:
    """Rows per table of the store at ``db``."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def child(directory: str, db: str, workers: int) -> None:
    """One measured run (in its own process): ingest, then ingest the same directory again."""
    from armswatch.pipeline import ingest

    cpu = _pages.cpu_seconds()
    started = time.perf_counter()
    first = ingest([directory], db, workers=workers)
    seconds = time.perf_counter() - started
    cpu = _pages.cpu_seconds() - cpu
    self_peak, child_peak = _pages.rss_kb()
    rss_now = _pages.current_rss_kb()
    before = row_counts(Path(db))
    started = time.perf_counter()
    again = ingest([directory], db, workers=workers)
    again_seconds = time.perf_counter() - started
    after = row_counts(Path(db))
    out = {
        "seconds": seconds,
        "cpu": cpu,
        "seen": first.seen,
        "written": first.written,
        "unchanged": first.unchanged,
        "errors": first.errors,
        "events": first.events,
        "error_messages": first.error_messages[:10],
        "self_peak_kb": self_peak,
        "children_peak_kb": child_peak,
        "rss_now_kb": rss_now,
        "again_seconds": again_seconds,
        "again_seen": again.seen,
        "again_written": again.written,
        "again_unchanged": again.unchanged,
        "again_errors": again.errors,
        "rows_before": before,
        "rows_after": after,
    }
    print(json.dumps(out))


def _mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages to generate (default 2000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts (default 1 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write pages and databases here and keep them")
    parser.add_argument("--child", nargs=3, metavar=("DIR", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return

    with tempfile.TemporaryDirectory(prefix="armswatch-bench-") as tmp:
        base = args.keep or Path(tmp)
        pages_dir = base / "pages"
        started = time.perf_counter()
        generated = list(_pages.pages(args.pages, seed=args.seed))
        _pages.write_pages(pages_dir, iter(generated))
        kinds = Counter(p.kind for p in generated)
        topics = Counter(p.topic for p in generated)
        size = sum(len(p.content.encode()) for p in generated)
        print(
            f"generated {len(generated)} pages ({dict(kinds)}; {dict(sorted(topics.items()))}), "
            f"{size / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s"
        )
        print(f"machine: {_pages.load_note()}")
        for workers in args.workers:
            db = base / f"bench-w{workers}.db"
            db.unlink(missing_ok=True)
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(pages_dir), str(db), str(workers)],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                print(f"workers={workers}: run failed (exit {proc.returncode})\n{proc.stderr[-3000:]}")
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"\nworkers={workers}")
            print(
                f"  ingest: {r['seen']} seen, {r['written']} written, {r['unchanged']} unchanged, "
                f"{r['errors']} errors, {r['events']} events in {r['seconds']:.1f} s "
                f"= {r['written'] / r['seconds']:.1f} documents/s "
                f"({r['cpu'] / max(1, r['written']) * 1000:.0f} ms CPU per document, all processes; "
                f"~{r['written'] / (r['cpu'] / workers):.0f} documents/s if the cores were idle, an estimate)"
            )
            print(f"  machine: {_pages.load_note()}")
            print(
                f"  peak RSS: parent {_mb(r['self_peak_kb'])}, largest worker "
                f"{_mb(r['children_peak_kb']) if workers > 1 else '(none, pipeline runs in the parent)'}; "
                f"parent RSS after ingest {_mb(r['rss_now_kb'])}"
            )
            for message in r["error_messages"]:
                print(f"  error: {message}")
            same = r["rows_before"] == r["rows_after"]
            print(
                f"  re-ingest: {r['again_seen']} seen, {r['again_written']} written, "
                f"{r['again_unchanged']} unchanged, {r['again_errors']} errors "
                f"in {r['again_seconds']:.2f} s; "
                f"row counts {'unchanged' if same else 'CHANGED'}: {r['rows_after']}"
            )
            if not same:
                print(f"  rows before re-ingest: {r['rows_before']}")


if __name__ == "__main__":
    main()
