"""Score armswatch on the shared evaluation sets, tuning and check figures side by side.

Usage::

    python scripts/evaluate.py                 # dev, realdev, realtrain-tune, realtrain-check
    python scripts/evaluate.py --sets dev realtrain-tune --misses realtrain-tune

Each set's pages are ingested into a fresh database with the project's own ``armswatch``, the
articles and events are exported and scored with ``../shared/eval/score.py`` (imported, so the
matching is exactly the scorer's).

``realtrain`` is split by story into a tuning part and a check part: a story goes to the check
part when the first hex digit of the SHA-1 of its id is below 5 (about a third of the stories).
Split by story, not by page, so that two reports of one news event never sit on both sides.
Misses are printed only for tuning sets: the check sets (``realdev``, ``realtrain-check``) are
scored, not mined, until a round ends (``--end-of-round`` lifts that).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SETS = ("dev", "realdev", "realtrain-tune", "realtrain-check")
CHECK_SETS = frozenset({"realdev", "realtrain-check"})
#: Stories whose hash starts below this hex digit form the check part of realtrain.
CHECK_DIGITS = "01234"


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", EVAL / "score.py")
    if spec is None or spec.loader is None:
        sys.exit(f"error: no scorer at {EVAL / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _armswatch() -> str:
    local = ROOT / ".venv" / "bin" / "armswatch"
    return str(local) if local.exists() else "armswatch"


def is_check_story(story: str) -> bool:
    """Whether a realtrain story belongs to the check part (scored, never tuned or trained on)."""
    return hashlib.sha1(story.encode("utf-8")).hexdigest()[0] in CHECK_DIGITS


def doc_ids(set_name: str) -> set[str] | None:
    """The documents of a realtrain part; None for a whole set."""
    if not set_name.startswith("realtrain-"):
        return None
    want_check = set_name == "realtrain-check"
    with open(EVAL / "realtrain" / "SOURCES.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {row["doc_id"] for row in rows if is_check_story(row["story"]) == want_check}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file (blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _run(set_name: str, work: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ingest a set's documents (only the part's documents for a realtrain part); export."""
    base = set_name.split("-")[0]
    docs = EVAL / base / "docs"
    wanted = doc_ids(set_name)
    if wanted is not None:
        docs = work / "docs"
        docs.mkdir()
        for path in (EVAL / base / "docs").iterdir():
            if path.stem in wanted:
                (docs / path.name).symlink_to(path)
    db = work / "eval.db"
    aw = _armswatch()
    subprocess.run([aw, "-q", "ingest", str(docs), "--db", str(db)], capture_output=True, check=False)
    out: list[list[dict[str, Any]]] = []
    for what in ("events", "articles"):
        target = work / f"{what}.jsonl"
        with open(target, "w", encoding="utf-8") as handle:
            subprocess.run(
                [aw, "export", what, "--db", str(db), "--format", "jsonl"], stdout=handle, check=True
            )
        out.append(read_jsonl(target))
    return out[0], out[1]


def _gold(set_name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    base = set_name.split("-")[0]
    wanted = doc_ids(set_name)
    events = read_jsonl(EVAL / base / "gold" / "events.jsonl")
    articles = read_jsonl(EVAL / base / "gold" / "articles.jsonl")
    if wanted is not None:
        events = [e for e in events if e["doc_id"] in wanted]
        articles = [a for a in articles if a["doc_id"] in wanted]
    return events, articles


def _misses(score: ModuleType, gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> None:
    """Print unmatched gold and system events and wrong fields of matched pairs, per document."""
    docs = sorted({e["doc_id"] for e in gold})
    for doc in docs:
        g_doc = [e for e in gold if e["doc_id"] == doc]
        s_doc = [e for e in system if e.get("doc_id") == doc]
        cands = sorted(
            ((score.overlap(g, s), gi, si) for gi, g in enumerate(g_doc) for si, s in enumerate(s_doc)),
            reverse=True,
        )
        used_g: dict[int, int] = {}
        used_s: set[int] = set()
        for o, gi, si in cands:
            if o and gi not in used_g and si not in used_s:
                used_g[gi] = si
                used_s.add(si)
        lines = []
        for gi, g in enumerate(g_doc):
            if gi not in used_g:
                lines.append(f"  MISS {_brief(g)}\n       {g.get('evidence', '')[:220]}")
                continue
            s = s_doc[used_g[gi]]
            wrong = [
                f"{k}: gold={g.get(k)!r} sys={s.get(k)!r}"
                for k in ("factuality", "attributed_to", "date")
                if (k != "date" and g.get(k) != s.get(k))
                or (k == "date" and g.get("date") and not str(s.get("date") or "").startswith(g["date"]))
            ]
            if wrong:
                lines.append(f"  WRONG {_brief(g)}: " + "; ".join(wrong))
        for si, s in enumerate(s_doc):
            if si not in used_s:
                lines.append(
                    f"  EXTRA {_brief(s)} [{s.get('rule', '')}]\n        {s.get('evidence', '')[:220]}"
                )
        if lines:
            print(f"== {doc}")
            print("\n".join(lines))


def _brief(e: dict[str, Any]) -> str:
    src = ",".join(e.get("source") or [])
    tgt = ",".join(e.get("target") or [])
    return (
        f"{e.get('type')} {src}->{tgt} {e.get('factuality')} by={e.get('attributed_to')} date={e.get('date')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--misses", nargs="*", choices=SETS, default=[], help="print misses of these sets")
    parser.add_argument("--end-of-round", action="store_true", help="allow misses of check sets")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"error: no evaluation data at {EVAL}", file=sys.stderr)
        return 2
    mined = set(args.misses) & CHECK_SETS
    if mined and not args.end_of_round:
        print(
            f"error: {', '.join(sorted(mined))} is a check set: its misses wait for --end-of-round",
            file=sys.stderr,
        )
        return 2
    score = _scorer()
    results: dict[str, dict[str, Any]] = {}
    for set_name in dict.fromkeys([*args.sets, *args.misses]):
        gold_events, gold_articles = _gold(set_name)
        with tempfile.TemporaryDirectory() as tmp:
            events, articles = _run(set_name, Path(tmp))
        results[set_name] = {
            "events": score.score_events(gold_events, events),
            "articles": score.score_articles(gold_articles, articles),
        }
        if set_name in args.misses:
            print(f"#### misses of {set_name}")
            _misses(score, gold_events, events)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    _table(results)
    return 0


def _table(results: dict[str, dict[str, Any]]) -> None:
    rows = [
        ("gold events", lambda r: str(r["events"]["gold"])),
        ("precision", lambda r: _f(r["events"]["precision"])),
        ("recall", lambda r: _f(r["events"]["recall"])),
        ("F1", lambda r: _f(r["events"]["f1"])),
        ("factuality", lambda r: _f(r["events"].get("factuality_acc"))),
        ("attribution", lambda r: _f(r["events"].get("attribution_acc"))),
        ("date", lambda r: _f(r["events"].get("date_acc"))),
        ("weapons F1", lambda r: _f(r["events"].get("weapons_f1"))),
        ("published", lambda r: _f(r["articles"].get("published_acc"))),
        ("title", lambda r: _f(r["articles"].get("title_acc"))),
        ("body F1", lambda r: _f(r["articles"].get("body_token_f1"))),
    ]
    names = list(results)
    labels = [f"{n}{'*' if n in CHECK_SETS else ''}" for n in names]
    print(f"{'':12s}" + "".join(f"{label:>17s}" for label in labels))
    for label, get in rows:
        print(f"{label:12s}" + "".join(f"{get(results[n]):>17s}" for n in names))
    print("* check set: scored, not mined for misses")


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
