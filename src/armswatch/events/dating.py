"""When and where an event happened: the time that governs its cue, the news date, the place."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Token

from armswatch.events.binding import RULE as UN_BINDING
from armswatch.events.candidate import Candidate
from armswatch.events.grammar import DATED_CLAUSE_DEPS, DESCRIBING_CLAUSE_DEPS, NOT_OCCASIONS, UNTOLD_TIMES
from armswatch.events.kinds import SPEECH_ACTS
from armswatch.events.lexicon import Lexicon
from armswatch.events.sentence import SentenceView
from armswatch.models import Mention, ParsedArticle


def habitual(tok: Token, lex: Lexicon) -> bool:
    """Whether the cue is told as done again and again ("has long accused", "repeatedly denied")."""
    return any(c.dep_ == "advmod" and c.lower_ in lex.words.habitual for c in tok.children)


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
    text = parsed.article.text
    return [
        dataclasses.replace(c, date=_occasion(c, cands, text) or news)
        if c.date is None
        and c.occasion is None
        and not c.habitual
        and (c.type in SPEECH_ACTS or c.sentence_start < lead_end)
        and not c.rule.startswith(UN_BINDING)
        else c
        for c in cands
    ]


def _occasion(cand: Candidate, cands: Sequence[Candidate], text: str) -> str | None:
    """The date of the statement an undated one follows in its paragraph: "Beijing rejected
    the accusations on Friday. ... She called the sanctions illegal" was said that Friday."""
    before = [
        c
        for c in cands
        if c.sentence_end <= cand.sentence_start
        and c.date is not None
        # a bare year is a background stretch of time, not the occasion of a statement
        and len(c.date) >= 7
        and c.type in SPEECH_ACTS
        and "\n" not in text[c.sentence_end : cand.sentence_start]
    ]
    return max(before, key=lambda c: c.sentence_end).date if before else None


def _opens_clause(tok: Token) -> bool:
    if tok.dep_ == "conj":
        return tok.pos_ in ("VERB", "AUX")
    return tok.dep_ in DATED_CLAUSE_DEPS


def _describes(clause: Token, cue: Token) -> bool:
    """Whether a clause describes the cue, or the document or statement that is the cue's
    subject ("a report published in 2023 accused ..."): its time is the cue's time."""
    if clause.head.i == cue.i:
        return clause.dep_ in DESCRIBING_CLAUSE_DEPS
    subject = clause.head
    return clause.dep_ == "acl" and subject.head.i == cue.i and subject.dep_ in ("nsubj", "nsubjpass")


def _governed(time: Token, node: Token, cue: Token) -> bool:
    """Whether ``time`` hangs off ``node`` without another clause in between; clauses that
    describe the cue itself ("the contract, signed in August 2022") count as the cue's own;
    a gerund's ("accusing it of backing rebels who ... in July") is the deed's, not the cue's."""
    tok, below = time, None
    while tok.i != node.i:
        if _opens_clause(tok) and not _describes(tok, cue) and not _misattached(tok, below):
            return False
        if tok.head.i == tok.i:
            return False
        tok, below = tok.head, tok
    return True


def _misattached(clause: Token, time: Token | None) -> bool:
    """A bare time phrase the parser hung on an "-ing" participle ("tested a missile carrying
    warheads the previous day"): such participles describe a thing, the time is the verb's."""
    return time is not None and time.dep_ == "npadvmod" and clause.dep_ == "acl" and clause.tag_ == "VBG"


def _time_token(view: SentenceView, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens a time expression covers."""
    toks = [t for t in view.doc if start <= view.char(t) < end]
    return min(toks, key=lambda t: len(list(t.ancestors)), default=None)


def event_time(view: SentenceView, tok: Token) -> tuple[str | None, str | None]:
    """The cue's date and occasion, from the time expression that governs it
    (:func:`governing_time`): its value, else -- when it has no date for want of an anchor --
    its words as the occasion that keeps it apart from other undated events."""
    time = governing_time(view, tok)
    if time is None:
        return None, None
    return time.value, (time.text.lower() if time.value is None else None)


def _datable(m: Mention) -> bool:
    # A time the page gives no anchor for ("on Thursday" with no publication date) still
    # governs its clause: it has no value, but no other time of the sentence may stand in.
    return m.ref not in NOT_OCCASIONS and (m.value is not None or m.ref not in UNTOLD_TIMES)


def governing_time(view: SentenceView, tok: Token) -> Mention | None:
    """The time expression that governs the cue: the one in its own clause, else the
    nearest one up the tree (a statement's "said on Thursday" dates the news it reports).
    Up the tree, times inside other clauses are passed over: in "said in January 2023 that
    ... and in July met", July dates the meeting, not the statement."""
    times = [m for m in view.of_kind("time") if _datable(m)]
    if not times:
        return None
    here = view.char(tok)
    heads = [(m, _time_token(view, m.start, m.end)) for m in times]
    node: Token = tok
    for _ in range(8):
        inside = [m for m, t in heads if t is not None and _governed(t, node, tok)]
        if inside:
            return min(inside, key=lambda m: abs(m.start - here))
        if node.head.i == node.i:
            break
        node = node.head
    return min(times, key=lambda m: abs(m.start - here))


def event_location(view: SentenceView, tok: Token) -> str | None:
    """The place named nearest the cue, as written, if the sentence names one."""
    places = [m for m in view.of_kind("place") if m.value]
    if not places:
        return None
    here = view.char(tok)
    return min(places, key=lambda m: abs(m.start - here)).text
