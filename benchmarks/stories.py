"""Benchmark the incremental stories stage on a large store: milliseconds per new article.

Usage: python benchmarks/stories.py [--articles N] [--measure M] [--db PATH] [--fresh]
       python benchmarks/stories.py --curve [--sizes 250,500,1000,2000,4000] [--mixed 6250,...,50000]

Generates N synthetic articles (default 100,000) spread over five years: happenings of one to
six articles each, told by different outlets in different words, with actor, weapon, place and
date mentions, one or two events per article, and one article in twenty a lightly edited copy
of another. They are written with ``Store.save_document`` and indexed with
``armswatch.stories.update``; the database is kept at ``--db`` (default in /tmp) and reused by
later runs. Then M more articles (default 500) arrive one at a time, and the benchmark times
each one's placement (near-duplicate lookup, story assignment, facts and flags, commit), and
a whole ``update()`` call per article (which adds the stale-work and pending-queue checks).

``--curve`` prints how ``rebuild`` grows instead (issue 17: it must be linear): the seconds to
rebuild N reports of one fact (one story, N outlets, in memory) for each N of ``--sizes``, and
N articles of the mixed synthetic stream above for each N of ``--mixed``, with the time per
article, which stays flat when the cost is linear.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import string
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from armswatch.models import Article, Event, Mention
from armswatch.store import Store, open_store
from armswatch.stories import StoryUpdater, rebuild, update

STATES = tuple(
    re.findall(
        r"[A-Z]{3}",
        "ARM AUS AZE BLR BRA CAN CHN DEU EGY ESP FRA GBR IND IRN ISR ITA JPN KOR MMR NGA NOR PAK POL PRK"
        " QAT RUS SAU SRB SWE TUR TWN UKR USA VNM ZAF",
    )
)
WEAPONS = (
    ("k2", "armoured_vehicles"),
    ("s-400", "air_defence"),
    ("shahed-136", "drones"),
    ("himars", "rockets"),
    ("rafale", "aircraft"),
    ("artillery shells", "ammunition"),
    ("ballistic missiles", "missiles"),
    ("frigates", "ships"),
    ("howitzers", "artillery"),
    ("rifles", "small_arms"),
)
FILLER = tuple(
    re.findall(
        r"[a-z]+",
        "the government said on its website that talks would continue while officials in the capital"
        " described the move as part of a wider plan to strengthen defence ties and expand production;"
        " analysts expect further announcements in the coming weeks as both sides weigh costs and risks;"
        " critics warned about the impact on regional stability and called for more transparency",
    )
)
START = date(2021, 1, 1)
DAYS = 5 * 365


@dataclass
class Happening:
    actors: tuple[str, str]
    weapon: tuple[str, str]
    place: str
    names: list[str]
    day: date


def _name(rng: random.Random) -> str:
    syllables = ["ka", "ro", "vi", "len", "mar", "tos", "bel", "dri", "san", "qu", "zel", "mon", "ath", "pyr"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).capitalize()


def _happening(rng: random.Random, names: list[str]) -> Happening:
    a, b = rng.sample(STATES, 2)
    return Happening(
        actors=(a, b),
        weapon=rng.choice(WEAPONS),
        place=rng.choice(names),
        names=rng.sample(names, 6),
        day=START + timedelta(days=rng.randrange(DAYS)),
    )


def _article(
    rng: random.Random, n: int, h: Happening, outlet: str
) -> tuple[Article, list[Mention], list[Event]]:
    published = h.day + timedelta(days=rng.randint(0, 3))
    mentions: list[Mention] = []
    text = ""
    pieces: list[tuple[str, str | None, str | None]] = []
    for _ in range(rng.randint(90, 150)):
        roll = rng.random()
        if roll < 0.12:
            pieces.append((rng.choice(h.names), None, None))
        elif roll < 0.18:
            actor = rng.choice(h.actors)
            pieces.append((actor, "actor", actor))
        elif roll < 0.21:
            pieces.append((h.weapon[0], "weapon", h.weapon[1]))
        elif roll < 0.23:
            pieces.append((h.place, "place", h.place))
        else:
            pieces.append((rng.choice(FILLER), None, None))
    for word, kind, value in pieces:
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        if kind is not None:
            mentions.append(
                Mention(
                    kind=kind,
                    start=start,
                    end=start + len(word),
                    text=word,
                    value=value,
                    sentence=0,
                    entity=word if kind == "weapon" else None,
                )
            )
    when = h.day.isoformat()
    mentions.append(Mention(kind="time", start=0, end=1, text=text[:1], value=when, sentence=0))
    doc_id = f"bench{n:07d}"
    title = " ".join([*rng.sample(h.names, 3), "deal", rng.choice(h.actors)])
    article = Article(
        doc_id=doc_id,
        source=f"synthetic/{doc_id}",
        text=text,
        content_hash=f"{doc_id}-{rng.random()}",
        fetched_at="2026-01-01T00:00:00Z",
        title=title,
        published=published.isoformat(),
        outlet=outlet,
    )
    event = Event(
        doc_id=doc_id,
        type="arms_transfer",
        source=(h.actors[0],),
        target=(h.actors[1],),
        weapons=(h.weapon[1],),
        factuality=rng.choice(("certain", "possible")),
        attributed_to=None,
        date=when[:7],
        location=None,
        evidence=text[:80],
        evidence_start=0,
        evidence_end=min(80, len(text)),
    )
    return article, mentions, [event]


def _copy(rng: random.Random, n: int, original: Article, outlet: str) -> Article:
    words = original.text.split()
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(string.ascii_lowercase) * 4
    return Article(
        doc_id=f"bench{n:07d}",
        source=f"synthetic/bench{n:07d}",
        text=" ".join(words),
        content_hash=f"copy-{n}-{rng.random()}",
        fetched_at=original.fetched_at,
        title=original.title,
        published=original.published,
        outlet=outlet,
    )


def _stream(seed: int, total: int) -> tuple[list[tuple[Article, list[Mention], list[Event]]], list[int]]:
    """The synthetic articles, and the happening each one tells of (the gold stories)."""
    rng = random.Random(seed)
    names = [_name(rng) for _ in range(20_000)]
    outlets = [f"Outlet {i}" for i in range(300)]
    docs: list[tuple[Article, list[Mention], list[Event]]] = []
    gold: list[int] = []
    happening = 0
    while len(docs) < total:
        h = _happening(rng, names)
        happening += 1
        for _ in range(rng.randint(1, 6)):
            if len(docs) >= total:
                break
            n = len(docs)
            if docs and rng.random() < 0.05:
                # A syndicated copy of the latest article belongs to that article's happening.
                article, _, events = docs[-1]
                copy = _copy(rng, n, article, rng.choice(outlets))
                docs.append((copy, [], [Event(**{**_fields(e), "doc_id": copy.doc_id}) for e in events]))
                gold.append(gold[-1])
            else:
                docs.append(_article(rng, n, h, rng.choice(outlets)))
                gold.append(happening)
    return docs, gold


def _bcubed(gold: dict[str, int], system: dict[str, str]) -> float:
    """B-cubed F1 of the story partition against the happenings (as shared/eval/score.py)."""
    by_gold: dict[int, set[str]] = {}
    by_system: dict[str, set[str]] = {}
    for doc, g in gold.items():
        by_gold.setdefault(g, set()).add(doc)
        by_system.setdefault(system[doc], set()).add(doc)
    p = sum(len(by_gold[gold[d]] & by_system[system[d]]) / len(by_system[system[d]]) for d in gold) / len(
        gold
    )
    r = sum(len(by_gold[gold[d]] & by_system[system[d]]) / len(by_gold[gold[d]]) for d in gold) / len(gold)
    return 2 * p * r / (p + r)


def _fields(event: Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in event.__slots__}


def _save(store: Store, doc: tuple[Article, list[Mention], list[Event]]) -> None:
    article, mentions, events = doc
    store.save_document(
        article, kind="text", mentions=mentions, events=events, armswatch_version="bench", kb_version="bench"
    )


def _one_fact(n: int) -> Store:
    """An in-memory store of ``n`` reports of one arms transfer, each from its own outlet."""
    rng = random.Random(n)
    store = open_store(":memory:")
    for i in range(n):
        words = " ".join(rng.choice(FILLER) for _ in range(60))
        text = f"North Korea shipped artillery shells to Russia, report {i} said. {words}."
        article = Article(
            doc_id=f"one{i:06d}",
            source=f"synthetic/one{i:06d}",
            text=text,
            content_hash=f"one-{i}",
            fetched_at="2026-01-01T00:00:00Z",
            title=f"Shells for Russia, report {i}",
            published=f"2023-09-{1 + i % 28:02d}",
            outlet=f"Outlet {i}",
        )
        event = Event(
            doc_id=article.doc_id,
            type="arms_transfer",
            source=("PRK",),
            target=("RUS",),
            weapons=("ammunition",),
            factuality=rng.choice(("certain", "possible")),
            attributed_to=None,
            date="2023-09",
            location=None,
            evidence=text[:40],
            evidence_start=0,
            evidence_end=40,
        )
        _save(store, (article, [], [event]))
    return store


def _time_rebuild(store: Store) -> float:
    t0 = time.perf_counter()
    rebuild(store)
    return time.perf_counter() - t0


def curve(sizes: list[int], mixed: list[int]) -> None:
    """Print rebuild seconds for N reports of one fact and for N articles of mixed stories."""
    for n in sizes:
        with _one_fact(n) as store:
            seconds = _time_rebuild(store)
            fact = next(store.read.facts())
            print(
                f"rebuild, {n:>6} reports of one fact: {seconds:7.2f} s"
                f"  ({seconds / n * 1000:.2f} ms per report; fact of {fact['n_events']} events,"
                f" {fact['n_outlets']} outlets)"
            )
    for n in mixed:
        docs, _ = _stream(seed=7, total=n)
        with open_store(":memory:") as store:
            for doc in docs:
                _save(store, doc)
            seconds = _time_rebuild(store)
            n_stories = sum(1 for _ in store.read.stories())
            print(
                f"rebuild, {n:>6} articles of mixed stories: {seconds:7.2f} s"
                f"  ({seconds / n * 1000:.2f} ms per article; {n_stories} stories)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curve", action="store_true", help="Print rebuild times by size instead.")
    parser.add_argument("--sizes", default="250,500,1000,2000,4000", help="Reports of one fact (--curve).")
    parser.add_argument("--mixed", default="6250,12500,25000,50000", help="Mixed articles (--curve).")
    parser.add_argument("--articles", type=int, default=100_000, help="Articles stored before measuring.")
    parser.add_argument("--measure", type=int, default=500, help="Articles timed one by one.")
    parser.add_argument("--db", type=Path, help="Database to build or reuse (default in /tmp).")
    parser.add_argument("--fresh", action="store_true", help="Rebuild the database even if it exists.")
    args = parser.parse_args()
    if args.curve:
        curve([int(n) for n in args.sizes.split(",") if n], [int(n) for n in args.mixed.split(",") if n])
        return
    path = args.db or Path(f"/tmp/armswatch-bench-stories-{args.articles}.db")
    docs, happenings = _stream(seed=7, total=args.articles + args.measure)
    base, extra = docs[: args.articles], docs[args.articles :]
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with open_store(path) as store:
        stored = store.read.summary()["articles"]
        if stored < args.articles:
            print(f"writing {args.articles - stored} synthetic articles to {path} ...")
            t0 = time.perf_counter()
            for doc in base[stored:]:
                _save(store, doc)
            t1 = time.perf_counter()
            report = update(store)
            t2 = time.perf_counter()
            print(f"  save_document: {(t1 - t0):.0f} s")
            print(f"  stories index of {report.articles} articles: {(t2 - t1):.0f} s")
        else:
            print(f"reusing {path} ({stored} articles)")
        info = store.read.summary()
        n_stories = sum(1 for _ in store.read.stories())
        print(f"store: {info['articles']} articles, {n_stories} stories, {info['events']} events")
        gold = {doc[0].doc_id: happening for doc, happening in zip(base, happenings, strict=False)}
        system = {a["doc_id"]: a["story"] for a in store.read.articles() if a["doc_id"] in gold}
        score = _bcubed(gold, system)
        print(f"story B-cubed F1 against the {len(set(gold.values()))} synthetic happenings: {score:.3f}")

        updater = StoryUpdater(store)
        place_ms: list[float] = []
        update_ms: list[float] = []
        for i, doc in enumerate(extra):
            article = doc[0]
            tag = f"-m{stored}"
            unique = Article(
                **{
                    **_fields_article(article),
                    "doc_id": article.doc_id + tag,
                    "content_hash": article.content_hash + tag,
                }
            )
            events = [Event(**{**_fields(e), "doc_id": unique.doc_id}) for e in doc[2]]
            _save(store, (unique, doc[1], events))
            if i % 2 == 0:
                t0 = time.perf_counter()
                with store.story_index() as index:
                    updater.process(index, unique.doc_id)
                place_ms.append((time.perf_counter() - t0) * 1000)
            else:
                t0 = time.perf_counter()
                update(store)
                update_ms.append((time.perf_counter() - t0) * 1000)
    for label, values in (("placement (process + commit)", place_ms), ("update() per article", update_ms)):
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        print(
            f"{label}: median {statistics.median(values):.2f} ms, mean {statistics.fmean(values):.2f} ms,"
            f" p95 {p95:.2f} ms, max {values[-1]:.2f} ms over {len(values)} articles"
            f" with {info['articles']}+ stored"
        )


def _fields_article(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in article.__slots__}


if __name__ == "__main__":
    main()
