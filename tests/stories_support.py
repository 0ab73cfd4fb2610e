"""Builders for the stories tests: articles and events written from public facts, stored with
``Store.save_document`` into an in-memory database."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from armswatch.models import Article, Event, Mention
from armswatch.store import Store, open_store

VERSIONS = {"armswatch_version": "test", "kb_version": "test"}

# Two reports of one happening (Kim Jong Un's visit to the Vostochny Cosmodrome, September 2023),
# worded apart, and two unrelated pages.
SUMMIT_A = (
    "Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome in the Amur region on Wednesday. "
    "The North Korean leader toured the launch pads with Roscosmos officials before talks. "
    "Putin said Russia would help Pyongyang build satellites, according to Russian state media. "
    "Washington warned that any arms deal between Pyongyang and Moscow would breach UN resolutions."
)
SUMMIT_B = (
    "At the Vostochny Cosmodrome, Vladimir Putin hosted Kim Jong Un for a summit on Wednesday. "
    "Kim arrived in the Amur region by armoured train and was shown a Soyuz launch complex. "
    "Western officials fear Pyongyang will send artillery shells to Moscow in return for satellite help. "
    "The Kremlin said no agreements would be signed during the visit."
)
CRICKET = (
    "Australia beat India by six wickets in the World Cup final in Ahmedabad on Sunday. "
    "Travis Head scored a century as Australia chased the target at the Narendra Modi Stadium. "
    "Pat Cummins lifted the trophy for a sixth Australian title."
)
RAFALE = (
    "India signed a contract with France for 26 Rafale Marine fighter jets for its navy. "
    "Dassault Aviation will deliver the carrier-based aircraft to the Indian Navy from 2028. "
    "The jets will fly from the carrier INS Vikrant, the defence ministry in New Delhi said."
)


def new_store() -> Store:
    """A fresh in-memory database with the current schema."""
    return open_store(":memory:")


def article(
    doc_id: str,
    text: str,
    *,
    published: str | None = "2023-09-13",
    outlet: str | None = "Example Wire",
    title: str | None = None,
) -> Article:
    """An article whose content hash follows its text, so a rewrite is a new version."""
    digest = hashlib.sha256(f"{doc_id}:{text}".encode()).hexdigest()
    return Article(
        doc_id=doc_id,
        source=f"tests/{doc_id}.txt",
        text=text,
        content_hash=digest,
        fetched_at="2026-01-01T00:00:00Z",
        title=title if title is not None else text.split(".")[0][:80],
        published=published,
        outlet=outlet,
    )


def event(doc_id: str, text: str, sentence: str = "", **kw: Any) -> Event:
    """An event whose evidence is ``sentence`` (or the first sentence) of ``text``."""
    first = text.split(". ")[0]
    evidence = sentence or (first if first.endswith(".") else first + ".")
    start = text.index(evidence)
    fields: dict[str, Any] = {
        "doc_id": doc_id,
        "type": "arms_transfer",
        "source": ("PRK",),
        "target": ("RUS",),
        "weapons": ("ammunition",),
        "factuality": "certain",
        "attributed_to": None,
        "date": None,
        "location": None,
        "evidence": evidence,
        "evidence_start": start,
        "evidence_end": start + len(evidence),
        "rule": "test",
    }
    fields.update(kw)
    for name in ("source", "target", "weapons"):
        fields[name] = tuple(fields[name])
    return Event(**fields)


def actor_mentions(text: str, names: dict[str, str]) -> list[Mention]:
    """Actor mentions for every occurrence of each name (name -> actor id)."""
    found = []
    for name, actor_id in names.items():
        start = text.find(name)
        while start >= 0:
            found.append(
                Mention(
                    kind="actor", start=start, end=start + len(name), text=name, value=actor_id, sentence=0
                )
            )
            start = text.find(name, start + 1)
    return sorted(found, key=lambda m: m.start)


def save(store: Store, art: Article, events: Sequence[Event] = (), mentions: Sequence[Mention] = ()) -> bool:
    """Write one document as the pipeline would."""
    return store.save_document(art, kind="text", events=events, mentions=mentions, **VERSIONS)


def only(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The one row of a list, failing loudly otherwise."""
    assert len(rows) == 1, rows
    return rows[0]
