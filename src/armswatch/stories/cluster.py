"""Story assignment: which existing story an article joins, if any.

Contract: an article's unit TF-IDF vector and day, the postings of its heaviest terms in the
story index, and the state of the best candidates -> the story to join (or None to open one).
A story's centroid is the sum of its members' vectors, cut to its heaviest terms. An article
joins the story it is most similar to when both its cosine with the centroid and its best
cosine with one of the story's latest members pass the threshold: a centroid alone grows
generic as a story grows (its heaviest terms become the ones every member shares) and would
then pull in every report that names the same states. A story also stops growing once it
spans :attr:`StoryConfig.max_span_days`: it tells of a happening, not of a whole war. Pure.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from armswatch.stories.terms import TermWeights


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryConfig:
    """Knobs of story clustering and near-duplicate detection."""

    #: Days an article may lie outside a story's span and still join it.
    window_days: int = 10
    #: Days a story may span at most, first article to last.
    max_span_days: int = 30
    #: Cosine similarity an article needs to join a story.
    threshold: float = 0.2
    #: Without a publication date nothing narrows the search, so the text must agree more.
    undated_threshold: float = 0.35
    #: Terms kept per article vector and per story centroid; terms an article indexes its
    #: story under, and terms it looks up.
    article_terms: int = 40
    story_terms: int = 80
    posted_terms: int = 25
    query_terms: int = 15
    #: Latest members compared one by one, each cut to its heaviest terms.
    recent_members: int = 4
    recent_terms: int = 30
    #: Stories read per looked-up term (most recent first), and centroids compared in full.
    per_term: int = 300
    candidates: int = 12
    #: Estimated Jaccard similarity of shingles above which an article copies another.
    near_duplicate: float = 0.5
    weights: TermWeights = field(default_factory=TermWeights)


def day_number(published: str | None) -> int | None:
    """The proleptic ordinal of a ``YYYY-MM-DD...`` date, or None."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def query_terms(vector: Mapping[str, float], n: int) -> list[str]:
    """The ``n`` heaviest terms of a vector, the ones looked up in the index."""
    return [term for term, _ in sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:n]]


def cosine(vector: Mapping[str, float], centroid: Mapping[str, float], norm: float) -> float:
    """Cosine of a unit vector and a centroid of the given norm."""
    if norm <= 0:
        return 0.0
    return sum(weight * centroid.get(term, 0.0) for term, weight in vector.items()) / norm


def in_window(day: int | None, state: Mapping[str, Any], window: int, max_span: int) -> bool:
    """Whether an article of ``day`` lies within ``window`` days of a story's span, and joining
    would not stretch the story over more than ``max_span`` days.

    An undated article may join any story; a dated one only a dated story near its day.
    """
    if day is None:
        return True
    first, last = state.get("first_day"), state.get("last_day")
    if first is None or last is None:
        return False
    if not first - window <= day <= last + window:
        return False
    return bool(max(last, day) - min(first, day) <= max_span)


def unit(vector: Mapping[str, float], keep: int) -> dict[str, float]:
    """The ``keep`` heaviest terms of a vector, scaled to unit length."""
    top = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:keep]
    norm = math.sqrt(sum(w * w for _, w in top))
    return {term: round(w / norm, 6) for term, w in top} if norm else {}


def with_recent(
    recent: Sequence[Mapping[str, float]], vector: Mapping[str, float], config: StoryConfig
) -> list[dict[str, float]]:
    """A story's latest members' vectors after one more joined."""
    kept = [dict(v) for v in recent][-(config.recent_members - 1) :] if config.recent_members > 1 else []
    return [*kept, unit(vector, config.recent_terms)]


def similarity_to(vector: Mapping[str, float], state: Mapping[str, Any]) -> float:
    """How close an article is to a story: the lower of its centroid cosine and its best
    cosine with one of the latest members (the centroid's alone for a story without them)."""
    centroid = cosine(vector, state["vector"], float(state["norm"]))
    recent = state.get("recent") or []
    if not recent:
        return centroid
    best = max(sum(w * float(member.get(t, 0.0)) for t, w in vector.items()) for member in recent)
    return min(centroid, best)


def choose_story(
    vector: Mapping[str, float],
    postings: Iterable[tuple[str, str]],
    load: Callable[[str], Mapping[str, Any] | None],
    *,
    day: int | None,
    config: StoryConfig,
) -> tuple[str | None, float]:
    """The best story for an article, or (None, best score) when none passes the threshold.

    ``postings`` are (term, story_id) rows of the article's query terms; the stories sharing
    the heaviest of them are compared in full, by the cosine of the article and the centroid
    that ``load`` returns (``vector``, ``norm``, day span).
    """
    partial: dict[str, float] = defaultdict(float)
    for term, story_id in postings:
        partial[story_id] += vector.get(term, 0.0)
    ranked = sorted(partial.items(), key=lambda item: (-item[1], item[0]))[: config.candidates]
    best: tuple[str | None, float] = (None, 0.0)
    for story_id, _ in ranked:
        state = load(story_id)
        if state is None or not in_window(day, state, config.window_days, config.max_span_days):
            continue
        score = similarity_to(vector, state)
        if score > best[1]:
            best = (story_id, score)
    threshold = config.threshold if day is not None else config.undated_threshold
    if best[1] < threshold:
        return None, best[1]
    return best


def add_to_centroid(
    centroid: Mapping[str, float], vector: Mapping[str, float], keep: int
) -> tuple[dict[str, float], float]:
    """The centroid with one more member, cut to its ``keep`` heaviest terms, and its norm."""
    summed = dict(centroid)
    for term, weight in vector.items():
        summed[term] = summed.get(term, 0.0) + weight
    top = sorted(summed.items(), key=lambda item: (-item[1], item[0]))[:keep]
    kept = {term: round(weight, 6) for term, weight in top}
    return kept, math.sqrt(sum(w * w for w in kept.values()))


def centroid_of(vectors: Iterable[Mapping[str, float]], keep: int) -> tuple[dict[str, float], float]:
    """The centroid of several members, recomputed from scratch."""
    summed: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            summed[term] = summed.get(term, 0.0) + weight
    return add_to_centroid({}, summed, keep)
