"""Benchmark the mention stage: gazetteer build time, sentences/s and mentions/s.

Usage: python benchmarks/mentions.py [--repeat N] [DIR ...]

Cleans every document of the dev set (``../shared/eval/dev/docs``) and of
``examples/corpus`` with ``armswatch.clean`` when it is available (else reads the raw
text), then times the mention stage alone over the bodies.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections import Counter
from pathlib import Path

from armswatch.kb import load_kb
from armswatch.models import Article, RawDoc
from armswatch.nlp import MentionFinder

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = (ROOT.parent / "shared" / "eval" / "dev" / "docs", ROOT / "examples" / "corpus")


def _articles(dirs: list[Path]) -> tuple[list[Article], str]:
    try:
        from armswatch.clean import clean_document
    except ImportError:
        clean_document = None
    articles: list[Article] = []
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(p for p in directory.rglob("*") if p.suffix in (".txt", ".html", ".htm")):
            content = path.read_text(encoding="utf-8", errors="replace")
            digest = hashlib.sha256(content.encode()).hexdigest()
            kind = "html" if path.suffix != ".txt" else "text"
            raw = RawDoc(
                doc_id=path.stem,
                source=str(path),
                kind=kind,
                content=content,
                content_hash=digest,
                fetched_at="",
            )
            if clean_document is not None:
                try:
                    articles.append(clean_document(raw))
                    continue
                except Exception as exc:  # a page the cleaner rejects still counts as raw text
                    print(f"  clean failed for {path.name}: {exc}")
            articles.append(
                Article(doc_id=path.stem, source=str(path), text=content, content_hash=digest, fetched_at="")
            )
    return articles, "cleaned bodies" if clean_document is not None else "raw text"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=list(DEFAULT_DIRS))
    parser.add_argument("--repeat", type=int, default=20, help="passes over the documents (default 20)")
    args = parser.parse_args()

    started = time.perf_counter()
    kb = load_kb()
    print(f"KB {kb.version}: loaded in {time.perf_counter() - started:.3f} s")
    finder = MentionFinder(kb)
    print(f"matcher build: {finder.build_seconds:.3f} s (once per process; must be < 1 s)")

    articles, what = _articles(args.dirs)
    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles)} documents ({what}), {chars:,} characters")
    sentences = mentions = 0
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    cpu_started = time.process_time()
    for _ in range(args.repeat):
        for article in articles:
            parsed = finder.find(article)
            sentences += len(parsed.sentences)
            mentions += len(parsed.mentions)
            kinds.update(m.kind for m in parsed.mentions)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    docs = len(articles) * args.repeat
    mb_per_s = chars * args.repeat / elapsed / 1e6
    print(f"{docs} documents in {elapsed:.3f} s: {docs / elapsed:,.0f} docs/s, {mb_per_s:.2f} MB/s")
    print(f"sentences/s: {sentences / elapsed:,.0f}   mentions/s: {mentions / elapsed:,.0f}   (wall clock)")
    print(f"sentences/s: {sentences / cpu:,.0f}   mentions/s: {mentions / cpu:,.0f}   (CPU, {cpu:.3f} s)")
    per_pass = {kind: count // args.repeat for kind, count in sorted(kinds.items())}
    print(f"per pass: {sentences // args.repeat} sentences, {mentions // args.repeat} mentions {per_pass}")


if __name__ == "__main__":
    main()
