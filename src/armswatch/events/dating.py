"""When and where an event happened: the time that governs its cue, the news date, the place."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Token

from armswatch.events.binding import RULE as UN_BINDING
from armswatch.events.candidate import Candidate
from armswatch.events.kinds import SPEECH_ACTS
from armswatch.events.sentence import SentenceView
from armswatch.models import ParsedArticle

# Adverbs that tell a statement as repeated over time rather than made on one day.
_HABITUAL = frozenset({"always", "consistently", "long", "periodically", "regularly", "repeatedly"})


def habitual(tok: Token) -> bool:
    """Whether the cue is told as done again and again ("has long accused", "repeatedly denied")."""
    return any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in tok.children)


def date_statements(cands: Sequence[Candidate], parsed: ParsedArticle) -> list[Candidate]:
    """Statements reported as the article's own news, with no time of their own, take the
    date of the news: the lead's day when it names one, else the publication month (spec)."""
    published = parsed.article.published
    if not published:
        return list(cands)
    lead = next(
        (
            m.value
            for m in sorted(parsed.mentions, key=lambda m: m.start)
            if m.kind == "time"
            and m.value
            and len(m.value) == 10
            and m.value <= published
            and m.sentence <= 1
        ),
        None,
    )
    news = lead or published[:7]
    # The lead paragraph is the article's own news: its undated events happened then too.
    lead_end = next((s.end for s in parsed.sentences if s.index == 1), 0)
    return [
        dataclasses.replace(c, date=news)
        if c.date is None
        and not c.habitual
        and (c.type in SPEECH_ACTS or c.sentence_start < lead_end)
        and not c.rule.startswith(UN_BINDING)
        else c
        for c in cands
    ]


def event_date(view: SentenceView, tok: Token) -> str | None:
    """The time expression that governs the cue: the one in its own clause, else the
    nearest one up the tree (a statement's "said on Thursday" dates the news it reports)."""
    times = [m for m in view.of_kind("time") if m.value and m.ref != "duration"]
    if not times:
        return None
    here = view.char(tok)
    node = tok
    for _ in range(8):
        span = (view.char(node.left_edge), view.char(node.right_edge) + len(node.right_edge.text))
        inside = [m for m in times if span[0] <= m.start and m.end <= span[1]]
        if inside:
            return min(inside, key=lambda m: abs(m.start - here)).value
        if node.head.i == node.i:
            break
        node = node.head
    return min(times, key=lambda m: abs(m.start - here)).value


def event_location(view: SentenceView, tok: Token) -> str | None:
    """The place named nearest the cue, as written, if the sentence names one."""
    places = [m for m in view.of_kind("place") if m.value]
    if not places:
        return None
    here = view.char(tok)
    return min(places, key=lambda m: abs(m.start - here)).text
