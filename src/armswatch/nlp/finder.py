"""The mention stage: Article -> ParsedArticle (sentences plus resolved mentions).

Input: cleaned articles and the knowledge base. Output: one
:class:`~armswatch.models.ParsedArticle` per article, whose sentence and mention offsets
point into ``Article.text`` (``text[m.start:m.end] == m.text``, every mention inside its
sentence). Pure per document: no I/O, no storage, no model download. The gazetteer is
built once per KB and reused, so building a :class:`MentionFinder` per process is enough.
"""

from __future__ import annotations

import logging
import re
import time
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from armswatch import partial_dates
from armswatch.models import Article, Mention, ParsedArticle, Sentence
from armswatch.nlp.context import NOT_NAMES, Indexes
from armswatch.nlp.gazetteer import Entry, Gazetteer
from armswatch.nlp.quantities import find_quantities
from armswatch.nlp.resolve import resolve_hits
from armswatch.nlp.sentences import split_blocks, split_sentences
from armswatch.nlp.times import TimeExpr, find_times

if TYPE_CHECKING:
    from spacy.language import Language

    from armswatch.kb import KB, Person

log = logging.getLogger(__name__)

# Courtesy titles before a surname ("Mr Kim"); plain English, not domain knowledge.
_HONORIFICS = ("Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Madam", "Mme")
_NO_PLURAL = ("s", "sh", "ch", "ese", "x", "z")
# News sites put the day of publication in the path: /2024/10/05/, /2024-10-05-slug.
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?=[/-]|\.html?|$)")
# A partial date's missing part, to read it as one day: mid-year, mid-month.
_PAD = {4: "-07-01", 7: "-15"}
# A romanised two-syllable given name ("Jae-in", "Jong-un"), written after the family name.
_KOREAN_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")
_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})
_YEAR_CUE = re.compile(r"\b(?:in|of|during|early|late|mid|since|by|until|from|before|after)[\s-]+$", re.I)


class MentionFinder:
    """Finds and resolves mentions; holds the gazetteer automaton built from one KB."""

    def __init__(self, kb: KB) -> None:
        started = time.perf_counter()
        self.kb = kb
        rows: dict[str, list[Person]] = {}
        for person in kb.people:
            rows.setdefault(person.id, []).append(person)
        holders: dict[tuple[str, str], list[Person]] = {}
        for person in kb.people:
            holders.setdefault((person.state, person.role), []).append(person)
        surnames = {pid: frozenset(_surnames(prows)) for pid, prows in rows.items()}
        self._indexes = Indexes(kb=kb, rows=rows, surnames=surnames, holders=holders)
        self._gazetteer = Gazetteer(self._entries(surnames))
        self.build_seconds = time.perf_counter() - started
        log.debug("gazetteer: %d keys in %.3f s", self._gazetteer.size, self.build_seconds)

    def _entries(self, surnames: dict[str, frozenset[str]]) -> Iterator[Entry]:
        kb = self.kb
        for i, alias in enumerate(kb.aliases):
            proper = not alias.exact_case and _is_proper(alias.text)
            yield Entry("alias", alias.text, i, exact=alias.exact_case, proper=proper)
            if alias.kind == "demonym" and not alias.text.lower().endswith(_NO_PLURAL):
                yield Entry("alias", alias.text + "s", i, exact=alias.exact_case, proper=proper)
        seen_person_forms: set[tuple[str, str]] = set()
        for person in kb.people:
            for form in (person.name, *person.surface):
                if (person.id, form) not in seen_person_forms:
                    seen_person_forms.add((person.id, form))
                    yield Entry("person", form, person.id, proper=_is_proper(form))
        for pid, keys in surnames.items():
            for key in keys:
                yield Entry("surname", key.title(), pid, proper=True)
        for title, role in kb.titles.items():
            yield Entry("title", title, role)
            if not title.endswith("s") and " of " not in title:
                yield Entry("title", title + "s", role)
        for form in _HONORIFICS:
            yield Entry("honorific", form, "", proper=True)
        for i, weapon in enumerate(kb.weapons):
            designation = weapon.kind == "designation"
            proper = designation and weapon.term[:1].isalpha()
            for form in _weapon_forms(weapon.term, designation):
                yield Entry("weapon", form, i, proper=proper)
        for i, place in enumerate(kb.places):
            yield Entry("place", place.name, i, proper=_is_proper(place.name))

    def find(self, article: Article, *, nlp: Language | None = None) -> ParsedArticle:
        """Split ``article`` into sentences and find its resolved mentions."""
        text = article.text
        spans = _spacy_sentences(nlp, text) if nlp is not None else split_sentences(text)
        base = base_date(article)
        times = find_times(text, base)
        time_spans = [(t.start, t.end) for t in times]
        hits = self._gazetteer.find(text)
        office = _office_date(base, times).isoformat()
        mentions = resolve_hits(text, hits, self._indexes, office, sentences=spans, times=time_spans)
        weapon_spans = sorted((m.start, m.end) for m in mentions if m.kind == "weapon")
        backref_spans = [(m.start, m.end) for m in mentions if m.ref == "backref"]
        # a bare year may turn out to be a count ("sent 2000 troops", not "in 2023 missiles")
        firm_times = [(t.start, t.end) for t in times if not _maybe_count(text, t.start, t.end, t.ref)]
        quantities = find_quantities(text, weapon_spans, exclude=firm_times + backref_spans)
        quantity_spans = [(q.start, q.end) for q in quantities]
        for t in times:
            if any(s < t.end and t.start < e for s, e in quantity_spans):
                continue
            mentions.append(
                Mention(
                    kind="time",
                    start=t.start,
                    end=t.end,
                    text=text[t.start : t.end],
                    value=t.value,
                    sentence=-1,
                    ref=t.ref,
                )
            )
        for q in quantities:
            mentions.append(
                Mention(
                    kind="quantity",
                    start=q.start,
                    end=q.end,
                    text=text[q.start : q.end],
                    value=q.value,
                    sentence=-1,
                    ref=q.ref,
                    entity=q.noun,
                )
            )
        mentions.sort(key=lambda m: (m.start, m.end, m.kind))
        return ParsedArticle(
            article=article,
            sentences=tuple(Sentence(index=i, start=s, end=e) for i, (s, e) in enumerate(spans)),
            mentions=tuple(_place_in_sentences(mentions, spans)),
        )


def _place_in_sentences(mentions: Sequence[Mention], spans: Sequence[tuple[int, int]]) -> Iterator[Mention]:
    """Set each mention's sentence index; drop mentions that straddle a sentence boundary."""
    starts = [s for s, _ in spans]
    for m in mentions:
        k = bisect_right(starts, m.start) - 1
        if k < 0 or m.end > spans[k][1]:
            continue
        yield Mention(
            kind=m.kind,
            start=m.start,
            end=m.end,
            text=m.text,
            value=m.value,
            sentence=k,
            ref=m.ref,
            entity=m.entity,
            members=m.members,
        )


def _maybe_count(text: str, start: int, end: int, ref: str) -> bool:
    return ref == "date" and end - start == 4 and not _YEAR_CUE.search(text, max(0, start - 12), start)


def base_date(article: Article) -> date | None:
    """The date relative expressions count from, or None: never the machine's clock.

    The article's own date, else the page's date, else a date its URL gives
    (``/2024/10/05/``); with none of them "on Thursday" gives no date.
    """
    for value in (article.published, article.page_date):
        if value and partial_dates.is_valid(value[:10]) and partial_dates.shape(value[:10]) == "day":
            return date.fromisoformat(value[:10])
    return url_date(article.url) if article.url else None


def url_date(url: str) -> date | None:
    """A full date in a URL's path (``/2024/10/05/``, ``/2024-10-05/``), or None."""
    m = _URL_DATE.search(url)
    if m is None:
        return None
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def _office_date(base: date | None, times: Sequence[TimeExpr]) -> date:
    """The day whose office holders titles refer to ("the president").

    Without a base date, the latest date the text names is the best guess of when it was
    written; a text that names none is read as current.
    """
    if base is not None:
        return base
    named = [t.value for t in times if t.ref == "date" and t.value and t.value[:1].isdigit()]
    if not named:
        return date.today()
    latest = max(named)
    return date.fromisoformat(latest + _PAD[len(latest)]) if len(latest) in _PAD else date.today()


def _is_proper(form: str) -> bool:
    words = form.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return bool(words) and words[0][:1].isupper()


def _surnames(rows: Sequence[Person]) -> set[str]:
    """The family name a person is called by alone ("Putin", "Kim", "Moon").

    A hyphenated given name ("Moon Jae-in", "Kim Jong-un") puts the family name first; that
    order then holds for the person's other forms too ("Moon Jae In" is still "Moon").
    """
    forms = [f.replace("\u2011", "-").split() for row in rows for f in (row.name, *row.surface)]
    forms = [[w for w in words if w.strip(".,") not in _SUFFIXES] for words in forms]
    forms = [words for words in forms if len(words) > 1]
    family_first = any(_KOREAN_GIVEN.fullmatch(words[-1]) for words in forms)
    keys: set[str] = set()
    for words in forms:
        family = words[0] if family_first else words[-1]
        if len(family) > 1 and family[:1].isupper() and family not in NOT_NAMES and not family.endswith("."):
            keys.add(family.lower())
    return keys


def _weapon_forms(term: str, designation: bool) -> list[str]:
    forms = [term]
    if designation:
        # "KN-23", "KN 23", "KN23"; "Leopard 2", "Leopard-2": the KB lists only common variants
        for variant in (
            term.replace("-", " "),
            term.replace("-", ""),
            re.sub(r"(?<=\w) (?=\d)", "-", term),
        ):
            if variant not in forms and len(variant) > 2:
                forms.append(variant)
    plural: list[str] = []
    for form in forms:
        if form.lower().endswith(("s", "x", "ch", "sh")) or (form[-1:].isdigit() and not designation):
            continue
        plural.append(form + "s")
    return forms + plural


def _spacy_sentences(nlp: Any, text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for s, e in split_blocks(text):
        if not text[s:e].strip():
            continue
        for sent in nlp(text[s:e]).sents:
            a, b = s + sent.start_char, s + sent.end_char
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                spans.append((a, b))
    return spans


_FINDERS: dict[int, tuple[KB, MentionFinder]] = {}


def get_finder(kb: KB) -> MentionFinder:
    """The process's finder for ``kb`` (built on first use)."""
    cached = _FINDERS.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    finder = MentionFinder(kb)
    if len(_FINDERS) > 4:
        _FINDERS.clear()
    _FINDERS[id(kb)] = (kb, finder)
    return finder


def find_mentions(article: Article, *, kb: KB, nlp: Language | None = None) -> ParsedArticle:
    """Sentences and resolved mentions of one article.

    ``nlp``, when given, splits sentences with the spaCy pipeline (inside the rule-based
    paragraphs) instead of the rules alone; it must have a parser, senter or sentencizer.
    """
    return get_finder(kb).find(article, nlp=nlp)
