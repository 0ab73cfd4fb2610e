"""Benchmark the HTML cleaner on the Zyte article-extraction benchmark.

Scores ``clean_document`` (the project's cleaner) and plain ``trafilatura.extract`` side
by side on the 181 pages of ``shared/external/article-extraction-benchmark``, with the
benchmark's own measure: 4-word shingles of ``\\w+`` tokens, per-page tp/fp/fn normalised
to sum to one, precision and recall averaged over pages, F1 the harmonic mean of the two
averages (upstream ``evaluate.py``; tokens keep their case there). Speed is pages per
second of extraction alone (CPU time of this process), pinned to one core.

    .venv/bin/python benchmarks/html_clean.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from armswatch.clean import CleanError, clean_document
from armswatch.models import RawDoc

DEFAULT_DATA = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "external" / "article-extraction-benchmark"
)
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Counts of n-token shingles; a text shorter than n tokens is one short shingle."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """Shingle overlap of one page, normalised so that tp + fp + fn = 1."""
    t, p = shingles(true), shingles(pred)
    tp, fp, fn = float(sum((t & p).values())), float(sum((p - t).values())), float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pages: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(precision, recall, F1) as the benchmark's evaluate.py computes them."""

    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(precision(*x) for x in pages if x[0] + x[1] > 0)
    r = statistics.mean(recall(*x) for x in pages if x[0] + x[2] > 0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def plain_trafilatura(html: str, url: str) -> str:
    return trafilatura.extract(html, include_comments=False) or ""


def armswatch_clean(html: str, url: str) -> str:
    raw = RawDoc(
        doc_id="b", source="bench", kind="html", content=html, content_hash="", fetched_at="", url=url
    )
    try:
        return clean_document(raw).text
    except CleanError:
        return ""


def timed_pass(
    extract: Callable[[str, str], str], pages: dict[str, str], truth: dict[str, dict[str, str]]
) -> tuple[dict[str, str], float]:
    """Outputs of one pass over all pages and the seconds it took."""
    outputs: dict[str, str] = {}
    # CPU time of this process: other work on the machine does not count against either side.
    start = time.process_time()
    for key, html in pages.items():
        outputs[key] = extract(html, truth[key].get("url", ""))
    return outputs, time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="benchmark folder (html/, ground-truth.json)"
    )
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per extractor; the fastest counts")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    truth: dict[str, dict[str, str]] = json.loads(
        (args.data / "ground-truth.json").read_text(encoding="utf-8")
    )
    paths = sorted((args.data / "html").glob("*.html.gz"))
    if args.limit:
        paths = paths[: args.limit]
    pages = {}
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            pages[path.name.split(".")[0]] = fh.read()
    extractors = {"trafilatura.extract": plain_trafilatura, "armswatch clean": armswatch_clean}
    outputs: dict[str, dict[str, str]] = {}
    best = dict.fromkeys(extractors, float("inf"))
    for fn in extractors.values():
        timed_pass(fn, dict(list(pages.items())[:5]), truth)  # warm-up: imports and caches
    # Passes alternate between extractors so that machine noise hits both alike.
    for _ in range(max(1, args.repeat)):
        for name, fn in extractors.items():
            outputs[name], seconds = timed_pass(fn, pages, truth)
            best[name] = min(best[name], seconds)
    print(
        f"{len(pages)} pages, trafilatura {trafilatura.__version__}, one core, best of {args.repeat} passes"
    )
    print(f"{'extractor':<22} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8}")
    for name in extractors:
        p, r, f1 = score([tp_fp_fn(truth[k].get("articleBody", ""), outputs[name][k]) for k in pages])
        print(f"{name:<22} {p:9.3f} {r:7.3f} {f1:7.3f} {len(pages) / best[name]:8.1f}")


if __name__ == "__main__":
    main()
