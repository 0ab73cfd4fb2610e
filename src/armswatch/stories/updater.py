"""Keeping stories, near-duplicate links, facts and flags up to date as articles arrive.

Contract: a :class:`~armswatch.store.interface.Store` whose articles, mentions and events are
written -> every article the story index has not seen is linked to its original (if it copies one),
placed in a story, and its events merged into facts with their sanctions flags. Work is
incremental: an article costs a few index lookups whatever the size of the database, and
facts or stories left stale by re-ingested documents are recomputed first. All reads and writes
go through the store's :class:`~armswatch.store.interface.StoryIndex`, one per transaction. ``rebuild``
clears everything this stage wrote and replays all stored articles in publication order.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from armswatch.stories.accumulate import FactAccumulator
from armswatch.stories.cluster import (
    StoryConfig,
    add_to_centroid,
    centroid_of,
    choose_story,
    day_number,
    query_terms,
    with_recent,
)
from armswatch.stories.facts import (
    DATE_TOLERANCE,
    DENIABLE_TYPES,
    UNDATED_REPORT_WINDOW,
    FactSummary,
    Involvement,
    aggregate,
    date_gap,
    fact_id_for,
    fact_keys,
    lookup_keys,
    match_score,
    verb_forms,
)
from armswatch.stories.sanctions import Flag, Regime, flags_for, load_regimes
from armswatch.stories.sketch import buckets, signature, similarity
from armswatch.stories.terms import salient_terms, tfidf

if TYPE_CHECKING:
    from armswatch.kb import KB
    from armswatch.store import Store, StoryIndex

log = logging.getLogger(__name__)

#: Articles per write transaction.
BATCH = 200


@dataclass
class UpdateReport:
    """What one update did, for the CLI and the ingest summary."""

    articles: int = 0
    stories_opened: int = 0
    near_duplicates: int = 0
    facts_updated: int = 0
    facts_removed: int = 0
    stale_facts: int = 0
    stale_stories: int = 0


def _short_hash(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:15]


def story_id_for(doc_id: str) -> str:
    """The id of a story opened by an article."""
    return _short_hash("s", doc_id)


def flag_id_for(fact_id: str, flag: Flag) -> str:
    """The id of a flag: stable for a fact, regime and clause."""
    return _short_hash("g", f"{fact_id}|{flag.regime}|{flag.resolution}|{flag.clause}")


def _overlaps(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return bool(a["evidence_start"] < b["evidence_end"] and b["evidence_start"] < a["evidence_end"])


def _report_window(published: str | None) -> tuple[int, int] | None:
    day = day_number(published)
    if day is None:
        return None
    return day - UNDATED_REPORT_WINDOW, day + UNDATED_REPORT_WINDOW


def _banning_verbs(kb: KB) -> list[str]:
    """The KB's verbs that forbid a deed (``triggers.toml`` [factuality] banning_verbs)."""
    section = kb.toml("triggers.toml").get("factuality")
    verbs = section.get("banning_verbs") if isinstance(section, Mapping) else None
    return [str(v) for v in verbs] if isinstance(verbs, list) else []


class StoryUpdater:
    """Applies the stories stage to the articles of one store."""

    def __init__(
        self,
        store: Store,
        *,
        config: StoryConfig | None = None,
        regimes: Sequence[Regime] | None = None,
        kb: KB | None = None,
    ) -> None:
        from armswatch.kb import load_kb

        self.store = store
        self.config = config or StoryConfig()
        self.regimes = tuple(load_regimes() if regimes is None else regimes)
        self.kb = kb if kb is not None else load_kb()
        self.involvement = Involvement.from_kb(self.kb)
        self.forbidding = verb_forms(_banning_verbs(self.kb))
        self.report = UpdateReport()
        # Running aggregates of the facts touched so far, so that one more report costs the
        # same whatever the fact's size. Valid while the store's epoch stays the same: dropped
        # when another process may have written in between (StoryIndex.epoch).
        self._facts: dict[str, FactAccumulator] = {}
        self._facts_epoch: int | None = None

    # ------------------------------------------------------------------ driving

    def run(self, *, batch: int = BATCH, on_progress: Callable[[str], None] | None = None) -> UpdateReport:
        """Recompute stale facts and stories, then process every unseen article."""
        store = self.store
        with store.story_index() as index:
            stale_facts, stale_stories = index.take_stale()
            for story_id in stale_stories:
                self._restore_story(index, story_id)
            for fact_id in stale_facts:
                self._recompute(index, fact_id)
            self.report.stale_facts += len(stale_facts)
            self.report.stale_stories += len(stale_stories)
        done: set[str] = set()
        while True:
            # Each batch takes its articles from the queue inside its own transaction: another
            # process updating the same database meanwhile has already placed what it took.
            with store.story_index() as index:
                pending = [d for d in index.pending_articles(limit=batch) if d not in done]
                for doc_id in pending:
                    self.process(index, doc_id)
                    done.add(doc_id)
                    if on_progress is not None:
                        on_progress(doc_id)
            if not pending:
                return self.report

    def process(self, index: StoryIndex, doc_id: str) -> str:
        """Place one article in the transaction of ``index``; return its story id."""
        config = self.config
        article = index.story_input(doc_id)
        mentions = list(index.read.mentions(doc_id))
        day = day_number(article["published"])
        sig = signature(article["body"])
        keys = buckets(sig, config.near_duplicate)
        raw = salient_terms(article["title"], article["body"], mentions, config.weights)
        n_docs, df = index.count_terms(raw)
        vector = tfidf(raw, n_docs=n_docs, df=df, keep=config.article_terms)

        original, relinked = self._link_duplicate(index, doc_id, article, sig, keys)
        story, preserved = self._story_of(index, doc_id, article, original, relinked, vector, day)
        if not preserved:
            state = index.story_state(story)
            centroid, norm = add_to_centroid(state["vector"] if state else {}, vector, config.story_terms)
            days: list[int] = [day] if day is not None else []
            if state is not None:
                days += [d for d in (state["first_day"], state["last_day"]) if d is not None]
            index.save_story_state(
                story,
                vector=centroid,
                norm=norm,
                n_members=(state["n_members"] if state else 0) + 1,
                first_day=min(days) if days else None,
                last_day=max(days) if days else None,
                recent=with_recent(state["recent"] if state else [], vector, config),
            )
        index.assign_story(doc_id, story)
        index.post_terms(story, query_terms(vector, config.posted_terms), day=day)
        index.save_sketch(doc_id, day=day, signature=sig, buckets=keys, terms=vector)
        index.refresh_story(story)

        added = self._place_events(index, doc_id, article, story)
        # A relinked copy counts under another outlet now: those facts are aggregated afresh.
        relinked_facts = set(index.facts_of_documents(relinked)) if relinked else set()
        for fact_id in sorted(set(added) | relinked_facts):
            if fact_id in relinked_facts:
                self._recompute(index, fact_id)
            else:
                self._extend(index, fact_id, added[fact_id])
        self.report.articles += 1
        return story

    # ------------------------------------------------------------------ stories

    def _link_duplicate(
        self, index: StoryIndex, doc_id: str, article: Mapping[str, Any], sig: bytes, keys: Sequence[int]
    ) -> tuple[str | None, list[str]]:
        """Link a copy to its original; returns (original, documents whose original changed)."""
        best: tuple[str, float] | None = None
        for other, other_sig, _ in index.sketch_matches(keys):
            if other == doc_id:
                continue
            score = similarity(sig, other_sig)
            if score >= self.config.near_duplicate and (best is None or score > best[1]):
                best = (other, score)
        if best is None:
            return None, []
        root = index.original_of(best[0]) or best[0]
        root_published = index.story_input(root)["published"]
        self.report.near_duplicates += 1
        mine = article["published"]
        if mine and (not root_published or mine[:10] < root_published[:10]):
            # The newcomer is older than what we took for the original: it becomes the original.
            moved = [root, *index.copies_of(root)]
            index.link_duplicate(root, doc_id, best[1])
            return None, moved
        index.link_duplicate(doc_id, root, best[1])
        return root, []

    def _story_of(
        self,
        index: StoryIndex,
        doc_id: str,
        article: Mapping[str, Any],
        original: str | None,
        relinked: Sequence[str],
        vector: Mapping[str, float],
        day: int | None,
    ) -> tuple[str, bool]:
        """The story to join and whether the article already counted in its centroid."""
        config = self.config
        kept = article["story"]
        if kept and index.story_state(kept) is not None:
            # A re-ingested article keeps its story (the store carries it over).
            return kept, True
        for source in ([original] if original else []) + list(relinked[:1]):
            story = index.story_input(source)["story"]
            if story:
                return story, False
        postings = index.story_postings(
            query_terms(vector, config.query_terms),
            day=day,
            window=config.window_days,
            per_term=config.per_term,
        )
        story, _ = choose_story(vector, postings, index.story_state, day=day, config=config)
        if story is not None:
            return story, False
        self.report.stories_opened += 1
        return story_id_for(doc_id), False

    def _restore_story(self, index: StoryIndex, story_id: str) -> None:
        """Recompute a story's centroid and counts from its remaining articles."""
        members = index.member_vectors(story_id)
        if members:
            config = self.config
            centroid, norm = centroid_of((vector for _, _, vector in members), config.story_terms)
            days = [day for _, day, _ in members if day is not None]
            recent: list[dict[str, float]] = []
            for _, _, vector in sorted(members, key=lambda m: (m[1] is None, m[1] or 0, m[0])):
                recent = with_recent(recent, vector, config)
            index.save_story_state(
                story_id,
                vector=centroid,
                norm=norm,
                n_members=len(members),
                first_day=min(days) if days else None,
                last_day=max(days) if days else None,
                recent=recent,
            )
        index.refresh_story(story_id)

    # ------------------------------------------------------------------ facts

    def _place_events(
        self, index: StoryIndex, doc_id: str, article: Mapping[str, Any], story: str
    ) -> dict[str, list[str]]:
        """Merge a document's events into facts; returns the facts touched, each with the events
        added to it since it was last aggregated."""
        events = list(index.read.events(doc_id=doc_id))
        touched: dict[str, list[str]] = {}
        placed: dict[str, str] = {}
        for event in events:
            fact_id, new = self._place(index, event, article["published"])
            placed[event["event_id"]] = fact_id
            touched.setdefault(fact_id, [])
            if new:
                # Later events of this document must find the new fact by its parties.
                self._recompute(index, fact_id)
                touched[fact_id] = []
            else:
                touched[fact_id].append(event["event_id"])
        for denial in (e for e in events if e["type"] == "denial"):
            denied = {
                placed[e["event_id"]]
                for e in events
                if e["type"] != "denial" and e["factuality"] == "negated" and _overlaps(e, denial)
            }
            if not denied:
                denied = set(self._denied_facts(index, denial, article["published"], story, touched))
            for fact_id in sorted(denied):
                index.attach_event(fact_id, "denial", denial["event_id"], "contradiction")
                touched.setdefault(fact_id, []).append(denial["event_id"])
        return touched

    def _place(self, index: StoryIndex, event: Mapping[str, Any], published: str | None) -> tuple[str, bool]:
        years = None
        days = None
        if event["date"]:
            year = int(event["date"][:4])
            years = (year - 1, year + 1)
        else:
            days = _report_window(published)
        exact, prefixes = lookup_keys(event)
        best: tuple[float, str] | None = None
        for fact in index.fact_candidates(exact, prefixes, years=years, days=days):
            score = match_score(event, fact, published=published)
            if score is not None and (best is None or score > best[0]):
                best = (score, fact["fact_id"])
        if best is not None:
            index.attach_event(best[1], event["type"], event["event_id"], "support")
            return best[1], False
        fact_id = fact_id_for(event["event_id"])
        index.attach_event(fact_id, event["type"], event["event_id"], "support")
        return fact_id, True

    def _denied_facts(
        self,
        index: StoryIndex,
        denial: Mapping[str, Any],
        published: str | None,
        story: str,
        touched: Iterable[str],
    ) -> list[str]:
        """Facts a denial without a negated twin contradicts: the denier acts in them, and the
        denial answers their claimant (or, naming nobody, sits in the same document)."""
        if not denial["source"]:
            return []
        here = set(touched)
        found = []
        for type in sorted(DENIABLE_TYPES):
            _, prefixes = lookup_keys({"type": type, "source": denial["source"], "target": []})
            for fact in index.fact_candidates([], prefixes, days=_report_window(published)):
                if not set(denial["source"]) & set(fact["source"]):
                    continue
                if fact["fact_id"] not in here and fact["story_id"] != story:
                    continue
                gap = date_gap(denial["date"], fact["date"])
                if gap is not None and gap > DATE_TOLERANCE:
                    continue
                if denial["target"]:
                    claimants = {
                        m["attributed_to"]
                        for m in index.read.fact_members(fact["fact_id"])
                        if m["type"] == type and m["factuality"] != "negated"
                    }
                    if not set(denial["target"]) & claimants:
                        continue
                elif fact["fact_id"] not in here:
                    continue
                found.append(fact["fact_id"])
        return found

    def _running(self, index: StoryIndex) -> dict[str, FactAccumulator]:
        """The running aggregates valid for what ``index`` reads."""
        if index.epoch != self._facts_epoch:
            self._facts = {}
            self._facts_epoch = index.epoch
        return self._facts

    def _recompute(self, index: StoryIndex, fact_id: str) -> None:
        """Re-aggregate a fact from its events and re-derive its flags (or drop it when empty)."""
        self._running(index).pop(fact_id, None)
        members = index.read.fact_members(fact_id)
        type = index.fact_type(fact_id)
        if type is None or not any(m["type"] == type for m in members):
            index.delete_fact(fact_id)
            self.report.facts_removed += 1
            return
        summary, relation = aggregate(
            fact_id, type, members, involvement=self.involvement, forbidding=self.forbidding
        )
        self._running(index)[fact_id] = FactAccumulator.of(
            type, members, involvement=self.involvement, forbidding=self.forbidding
        )
        self._save_fact(index, summary, relation)

    def _extend(self, index: StoryIndex, fact_id: str, event_ids: Sequence[str]) -> None:
        """Add newly attached events to a fact's running aggregate, at a cost independent of
        the fact's size; a fact without a running aggregate in this epoch is aggregated whole."""
        acc = self._running(index).get(fact_id)
        if acc is None:
            self._recompute(index, fact_id)
            return
        fresh = [event_id for event_id in dict.fromkeys(event_ids) if event_id not in acc]
        if not fresh:
            return
        changed: dict[str, str] = {}
        for member in index.read.fact_members(fact_id, event_ids=fresh):
            changed.update(acc.add(member))
        # Only the relations that changed are written: rewriting every member's would make the
        # n-th report of a fact cost n.
        self._save_fact(index, acc.summary(fact_id), changed)

    def _save_fact(self, index: StoryIndex, summary: FactSummary, relation: Mapping[str, str]) -> None:
        """Store a fact's summary, lookup keys and flags, and the given members' relations."""
        fact_id = summary.fact_id
        flags = [
            {
                "flag_id": flag_id_for(fact_id, flag),
                "regime": flag.regime,
                "resolution": flag.resolution,
                "clause": flag.clause,
                "status": flag.status,
                "reasoning": flag.reasoning,
            }
            for flag in flags_for(summary, self.regimes, self.kb)
        ]
        index.save_fact(
            summary.as_row(),
            relations=relation,
            flags=flags,
            keys=fact_keys(summary.type, summary.source, summary.target),
            first_day=day_number(summary.first_reported),
            last_day=day_number(summary.last_reported),
        )
        self.report.facts_updated += 1


def update(
    store: Store,
    *,
    config: StoryConfig | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> UpdateReport:
    """Bring stories, links, facts and flags up to date with the store's articles and events."""
    return StoryUpdater(store, config=config).run(on_progress=on_progress)


def rebuild(
    store: Store,
    *,
    config: StoryConfig | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> UpdateReport:
    """Clear stories, links, facts and flags and recompute them from the stored articles and events.

    All in one transaction: readers keep the old stories and facts until the new ones are
    complete, and a rebuild that is killed or fails leaves the old ones in place.
    """
    with store.atomic():
        with store.story_index() as index:
            index.clear_stories()
        return update(store, config=config, on_progress=on_progress)
