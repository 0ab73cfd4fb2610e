"""Salient terms of an article: what tells its story apart from the rest of the news.

Contract: an article's title, cleaned body and resolved mentions -> a bag of namespaced
terms with raw weights. Namespaces: ``t:`` title words, ``n:`` proper nouns of the body (a
capitalised word that does not open a sentence), ``w:`` body words (off by default),
``a:`` actor ids, ``k:`` weapon terms as the KB spells them, ``p:`` places, ``d:`` days named
in the text. Pure: no I/O beyond reading ``kb/stopwords.toml`` once.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from armswatch import partial_dates
from armswatch.kb import load_toml

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”'‘’()\[\]|•–—-]\s*$")


@dataclass(frozen=True, slots=True, kw_only=True)
class TermWeights:
    """How much each kind of evidence counts towards an article's story vector."""

    title: float = 3.0
    proper: float = 1.0
    word: float = 0.0
    actor: float = 1.0
    weapon: float = 2.0
    place: float = 2.0
    day: float = 2.0


@functools.cache
def stopwords() -> frozenset[str]:
    """The stop words of ``kb/stopwords.toml``."""
    words = load_toml("stopwords.toml").get("words", [])
    assert isinstance(words, list)  # load_toml has validated the file
    return frozenset(str(word).casefold() for word in words)


def _norm(word: str) -> str:
    return _POSSESSIVE.sub("", word.casefold()).strip("-'’")


def _keep(word: str, stop: frozenset[str]) -> bool:
    return (len(word) >= 3 or any(ch.isdigit() for ch in word)) and word not in stop


def _opens_sentence(text: str, start: int) -> bool:
    return start == 0 or bool(_SENTENCE_END.search(text[max(0, start - 4) : start]))


def text_terms(title: str | None, body: str, weights: TermWeights) -> Counter[str]:
    """Counts of title words, body proper nouns and (when weighted) body words."""
    stop = stopwords()
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(title or ""):
        word = _norm(match.group())
        if _keep(word, stop):
            counts["t:" + word] += 1
    for match in _WORD.finditer(body):
        raw = match.group()
        word = _norm(raw)
        if not _keep(word, stop):
            continue
        if weights.word:
            counts["w:" + word] += 1
        if raw[0].isupper() and not _opens_sentence(body, match.start()):
            counts["n:" + word] += 1
    return counts


def mention_terms(mentions: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """Counts of actor ids, weapon terms, places and full dates among resolved mentions."""
    counts: Counter[str] = Counter()
    for mention in mentions:
        kind, value = mention.get("kind"), mention.get("value")
        if not value:
            continue
        if kind == "actor":
            counts["a:" + str(value)] += 1
        elif kind == "weapon":
            counts["k:" + str(mention.get("entity") or value).casefold()] += 1
        elif kind == "place":
            counts["p:" + str(value).casefold()] += 1
        elif kind == "time" and partial_dates.shape(str(value)) == "day":
            counts["d:" + str(value)] += 1
    return counts


_NAMESPACE_WEIGHT = {
    "t": "title",
    "n": "proper",
    "w": "word",
    "a": "actor",
    "k": "weapon",
    "p": "place",
    "d": "day",
}


def salient_terms(
    title: str | None, body: str, mentions: Iterable[Mapping[str, Any]], weights: TermWeights | None = None
) -> dict[str, float]:
    """Weighted terms of an article: namespace weight times sublinear count (1 + ln n)."""
    weights = weights or TermWeights()
    counts = text_terms(title, body, weights) + mention_terms(mentions)
    result: dict[str, float] = {}
    for term, n in counts.items():
        factor = float(getattr(weights, _NAMESPACE_WEIGHT[term[0]]))
        if factor > 0:
            result[term] = factor * (1.0 + math.log(n))
    return result


def tfidf(raw: Mapping[str, float], *, n_docs: int, df: Mapping[str, int], keep: int) -> dict[str, float]:
    """The ``keep`` heaviest terms weighted by smoothed IDF, scaled to unit length."""
    weighted = {
        term: weight * (math.log((n_docs + 1) / (df.get(term, 0) + 1)) + 1.0) for term, weight in raw.items()
    }
    top = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))[:keep]
    norm = math.sqrt(sum(w * w for _, w in top))
    if norm == 0:
        return {}
    return {term: round(w / norm, 6) for term, w in top}
