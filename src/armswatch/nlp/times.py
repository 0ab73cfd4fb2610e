"""Time expressions, normalised against the publication date.

Input: the article body and a base date (publication date, else the page's date, else a
date the source carries, such as one in the page's URL), or None when there is none.
Output: :class:`TimeExpr` spans with a value at the precision of the text: ``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``; a time that needs a base date has no value without one.
Our own regular expressions cover the regular forms of news prose; dateparser is not
needed for them and costs milliseconds per call.

``ref`` tells how the value was obtained:

- ``date``: an absolute date ("13 September 2023", "October 2018", "in 2003");
- ``relative``: computed from the base date ("on Thursday", "last year", "this week");
- ``decade``: a decade or part of one ("the 1990s" -> 1990, "the mid-1990s" -> 1995,
  "the early 2000s" -> 2000, "the late 1990s" -> 1997);
- ``duration``: a length of time ("19 months"); the value is its start when the text
  anchors it to the base date ("the past 19 months"), else None;
- ``anchored``: a day told from the day last named before it ("the previous day", "the same
  day", "a day later"); None when no day precedes it within reach;
- ``since``, ``by``, ``until``, ``before``, ``after``, ``from``: a period bounded by the date
  (the span includes the preposition); ``range``: "between October 8 and 13" (value = start).

A weekday is the most recent such day on or before the base date ("on Thursday" in a
Friday article is the day before), or the next one when the sentence speaks of the
future ("will meet on Thursday", "next Thursday"). A month or day without a year takes
the year of a dated expression before it in its sentence ("in January 2023 ... in July"),
else the base date's year, moved back a year when that would put it after the base date,
unless the sentence speaks of the future.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from armswatch.calendar_names import MONTH_ABBREVIATIONS, MONTH_NAMES, MONTHS, WEEKDAY_NAMES, WEEKDAYS
from armswatch.nlp.quantities import NUMBER_WORDS as COUNT_WORDS

# "several weeks ago": a vague count read as a few.
NUMBER_WORDS = {**COUNT_WORDS, "several": 3}

_FULL_MONTH = "(?:" + "|".join(name.capitalize() for name in MONTH_NAMES) + ")"
_MONTH = (
    "(?:"
    + "|".join(name.capitalize() for name in MONTH_NAMES)
    + "|"
    + "|".join(abbr.capitalize() + r"\.?" for abbr, _ in MONTH_ABBREVIATIONS)
    + ")"
)
# Validated as a day of the month by the handlers; a plain \d start keeps the scan fast.
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = "(?:" + "|".join(name.capitalize() for name in WEEKDAY_NAMES) + ")"
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_PERIOD_WORDS = r"[Ss]ince|[Bb]y|[Uu]ntil|[Tt]ill|[Bb]efore|[Aa]fter|[Ff]rom"
_RIGHT = r"(?![\w-]*\d)(?!\w)"
# Characters that, right before a number, show it is not a date ("$2019", "S-2000", "3.2020").
_NOT_BEFORE_NUMBER = frozenset("$£€¥₹./-")

# Every core pattern starts with a literal or a digit, which lets the regex engine skip
# quickly through the text; optional words before the core ("since", "last", "between",
# "the end of") are read backwards from the core's start with the prefix patterns below.
_LOOKBACK = 48
_P_PERIOD = re.compile(r"\b(?P<period>" + _PERIOD_WORDS + r")\s+$")
_P_BETWEEN = re.compile(r"\b(?P<between>[Bb]etween)\s+(?:(?P<period>" + _PERIOD_WORDS + r")\s+)?$")
_P_MONTH_ALONE = re.compile(
    r"(?:\b(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his)|(?P<period>" + _PERIOD_WORDS + r")"
    r"|[Ii]n|[Dd]uring|[Oo]f|[Tt]hrough|[Ee]arly|[Ll]ate|[Mm]id)\s+|\b[Mm]id-)"
    r"(?:(?:early|late|mid-?)\s*)?$"
)
_P_WEEKDAY = re.compile(
    r"(?:\b(?P<period>" + _PERIOD_WORDS + r")\s+)?(?:\b(?P<which>[Ll]ast|[Nn]ext|[Tt]his)\s+)?$"
)
_P_RELATIVE = re.compile(
    r"(?:\b(?P<period>" + _PERIOD_WORDS + r")\s+)?"
    r"(?:\b(?P<mod>(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)(?:\s+in)?)\s+)?(?:\b(?P<the>[Tt]he)\s+)?$"
)
_P_COUNT = re.compile(r"\b(?P<n>" + _NUM + r")\s+$", re.IGNORECASE)
_P_DURATION = re.compile(
    r"(?:\b(?:the\s+)?(?P<anchor>past|last|previous|next|coming)\s+)?\b(?P<n>" + _NUM + r")\s+$",
    re.IGNORECASE,
)
_PARTS = r"(?:start|beginning|end|middle|first\s+half|second\s+half|first\s+quarter|last\s+quarter)"
_P_PART_OF_YEAR = re.compile(
    r"(?:\b(?P<period>" + _PERIOD_WORDS + r")\s+)?"
    r"(?P<part>(?:\b[Tt]he\s+)?(?:very\s+)?\b" + _PARTS + r"\s+of\s+|\b(?:[Ee]arly|[Ll]ate|[Mm]id)[- ]?)$"
)
_P_DECADE = re.compile(r"\b(?P<part>[Ee]arly|[Mm]id|[Ll]ate)[- ]?$")
_P_PART_REL = re.compile(r"(?:\b(?P<period>" + _PERIOD_WORDS + r")\s+)?(?:\b[Tt]he\s+)?(?:very\s+)?$")

_FUTURE = re.compile(
    r"\b(?:will|would|shall|to be|is due|are due|due to|next|upcoming|expected|scheduled|plans?|planned|"
    r"set to|is to|are to|aims? to|intends? to)\b",
    re.IGNORECASE,
)
_NO_YEAR_BEFORE = re.compile(
    r"(?:resolutions?|No\.?|number|Nos\.?|flight|route|article|§)\s*$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression: offsets into the text, its normalised value and how it was read."""

    start: int
    end: int
    value: str | None
    ref: str


# Stands in for a missing base date while the patterns run; every value computed from it is
# dropped afterwards, so it never reaches a record (far from any real date, and safe for
# day arithmetic).
_NO_BASE = date(9000, 6, 15)


def find_times(text: str, base: date | None) -> list[TimeExpr]:
    """All time expressions of ``text``, longest first among overlaps, in text order.

    With no ``base`` (an article with no date of its own and none from its source) a time
    that needs one ("on Thursday", "last year", "on Oct. 4" with no year in its sentence)
    keeps its span but has no value: it is never read against the machine's clock.
    """
    exprs = _find_times(text, base or _NO_BASE)
    if base is not None:
        return exprs
    return [
        TimeExpr(e.start, e.end, None, e.ref) if e.value is not None and _needs_base(e) else e for e in exprs
    ]


def _needs_base(expr: TimeExpr) -> bool:
    """Whether a value was computed from the placeholder base date (its year is far ahead)."""
    return expr.value is not None and expr.value[:1].isdigit() and int(expr.value[:4]) >= _NO_BASE.year - 1000


def _find_times(text: str, base: date) -> list[TimeExpr]:
    found: list[TimeExpr] = []
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            expr = handler(m, text, base)
            if expr is not None and expr.end > expr.start:
                found.append(expr)
    found.sort(key=lambda t: (t.start - t.end, t.start))
    chosen: list[TimeExpr] = []
    taken = bytearray(len(text) + 1)
    for expr in found:
        if taken.find(1, expr.start, expr.end) != -1:
            continue
        taken[expr.start : expr.end] = b"\x01" * (expr.end - expr.start)
        chosen.append(expr)
    chosen.sort(key=lambda t: t.start)
    return _anchor_days(_anchor_years(text, chosen, base))


_MONTH_WORD = re.compile(
    r"\b(?:" + "|".join(name[:3] for name in MONTH_NAMES) + r")[a-z]*\.?\b", re.IGNORECASE
)
_YEAR_WORD = re.compile(r"\b\d{4}\b")
_DEICTIC = re.compile(r"\b(?:last|next|this|previous|coming|past)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+[A-Z\"“]|\n")
# How far back in its sentence a dated expression still sets the year of a yearless month.
_ANCHOR_REACH = 300


def _anchor_years(text: str, exprs: list[TimeExpr], base: date) -> list[TimeExpr]:
    """ "said in January 2023 that ... they met in July": the month takes its sentence's year."""
    out: list[TimeExpr] = []
    for expr in exprs:
        span = text[expr.start : expr.end]
        anchor = next((a for a in reversed(out) if a.ref != "relative" and a.value), None)
        if (
            anchor is not None
            and anchor.value is not None
            and expr.ref == "relative"
            and expr.value
            and _MONTH_WORD.search(span)
            and not _YEAR_WORD.search(span)
            and not _DEICTIC.search(span)
            and expr.start - anchor.end <= _ANCHOR_REACH
            and not _SENTENCE_END.search(text, anchor.end, expr.start)
            and anchor.value[:1].isdigit()
        ):
            year, month = int(anchor.value[:4]), int(expr.value[5:7])
            if (
                len(anchor.value) >= 7
                and month < int(anchor.value[5:7])
                # "in August 2024 ... ambushed in July" told in the past cannot be a July to come
                and (_ym(year + 1, month) <= _ym(base.year, base.month) or _future(text, expr.start))
            ):
                year += 1  # "in December 2022 ... in March": the March after
            expr = TimeExpr(expr.start, expr.end, f"{year:04d}{expr.value[4:]}", expr.ref)
        out.append(expr)
    return out


# How far back a day told from another ("the previous day") still finds the day it is told from.
_DAY_REACH = 400
_DAY_OFFSET = re.compile(r"(?P<sign>[-+])(?P<n>\d)")


def _anchor_days(exprs: list[TimeExpr]) -> list[TimeExpr]:
    """ "said on Thursday that it had tested a missile the previous day": the day before Thursday."""
    out: list[TimeExpr] = []
    for expr in exprs:
        if expr.ref == "anchored" and expr.value is not None and (m := _DAY_OFFSET.fullmatch(expr.value)):
            anchor = next(
                (a for a in reversed(out) if a.value and len(a.value) == 10 and a.ref != "range"), None
            )
            value = None
            if anchor is not None and anchor.value is not None and expr.start - anchor.end <= _DAY_REACH:
                shift = int(m["n"]) * (-1 if m["sign"] == "-" else 1)
                value = (date.fromisoformat(anchor.value) + timedelta(days=shift)).isoformat()
            expr = TimeExpr(expr.start, expr.end, value, "anchored")
        out.append(expr)
    return out


def _ymd(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _month(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _day(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _future(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future."""
    left = text[max(0, start - 90) : start]
    cut = max(left.rfind(". "), left.rfind("\n"))
    return bool(_FUTURE.search(left[cut + 1 :]))


def _shift_months(y: int, m: int, delta: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + delta
    return total // 12, total % 12 + 1


def _infer_year(month: int, day: int | None, base: date, future: bool, which: str | None = None) -> int:
    """The year of a month (and day) written without one."""
    year = base.year
    probe = (month, day or 1)
    now = (base.month, base.day if day else 1)
    if which == "last":
        return year if probe < now else year - 1
    if which == "next":
        return year if probe > now else year + 1
    if probe > now and not future:
        return year - 1
    if future and probe < now and (base.month - month) % 12 > 1:
        return year + 1
    return year


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _before(text: str, start: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The longest match of a ``$``-anchored prefix pattern that ends where the core starts."""
    return pattern.search(text, max(0, start - _LOOKBACK), start)


def _left_ok(text: str, start: int) -> bool:
    if start == 0:
        return True
    prev = text[start - 1]
    return not (prev.isalnum() or prev == "_" or prev in _NOT_BEFORE_NUMBER)


def _word_start(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")


def _with_period(text: str, start: int, ref: str) -> tuple[int, str]:
    """Extend a span to a period word before it ("since", "by" ...); return start and ref."""
    p = _before(text, start, _P_PERIOD)
    if p is None:
        return start, ref
    word = p["period"].lower()
    return p.start("period"), "until" if word == "till" else word


def _period_word(p: re.Match[str] | None, ref: str) -> str:
    if p is None or not p["period"]:
        return ref
    word = p["period"].lower()
    return "until" if word == "till" else word


# --- handlers -----------------------------------------------------------------------


def _iso(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if not _left_ok(text, m.start()) or not _valid(y, mo, d):
        return None
    start, ref = _with_period(text, m.start(), "date")
    return TimeExpr(start, m.end(), _ymd(y, mo, d), ref)


def _month_day(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    if not _left_ok(text, m.start()):
        return None
    month = _month(m["month"])
    day = _day(m["day"])
    if m["year"]:
        year = int(m["year"])
        ref = "date"
    else:
        year = _infer_year(month, day, base, _future(text, m.start()))
        ref = "relative"
    if not _valid(year, month, day):
        return None
    if m["day2"]:
        ref = "range"
    start = m.start()
    between = _before(text, start, _P_BETWEEN)
    if between is not None:
        return TimeExpr(between.start("between"), m.end(), _ymd(year, month, day), "range")
    start, ref = _with_period(text, start, ref)
    return TimeExpr(start, m.end(), _ymd(year, month, day), ref)


def _month_year(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    if not _word_start(text, m.start()):
        return None
    start, ref = _with_period(text, m.start(), "date")
    return TimeExpr(start, m.end(), _ym(int(m["year"]), _month(m["month"])), ref)


def _month_alone(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    if not _word_start(text, m.start()):
        return None
    p = _before(text, m.start(), _P_MONTH_ALONE)
    if p is None:
        # a bare "May" or "March" is too often a verb or a noun
        return None
    month = _month(m["month"])
    which = (p["which"] or "").lower() or None
    year = _infer_year(month, None, base, _future(text, m.start()), which)
    if which:
        start = p.start("which")
    elif p["period"]:
        start = p.start("period")
    else:
        start = m.start()
    return TimeExpr(start, m.end(), _ym(year, month), _period_word(p, "relative"))


def _weekday(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    if not _word_start(text, m.start()):
        return None
    wd = WEEKDAYS[m["wd"].lower()]
    p = _before(text, m.start(), _P_WEEKDAY)
    which = ((p["which"] if p else None) or "").lower()
    back = (base.weekday() - wd) % 7
    if which == "next" or (which != "last" and _future(text, m.start())):
        ahead = (wd - base.weekday()) % 7 or (7 if which == "next" else 0)
        day = base + timedelta(days=ahead)
    else:
        if which == "last" and back == 0:
            back = 7
        day = base - timedelta(days=back)
    start = m.start()
    if p is not None and (p["period"] or p["which"]):
        start = p.start()
    return TimeExpr(start, m.end(), day.isoformat(), _period_word(p, "relative"))


def _deictic_day(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    if not _word_start(text, m.start()):
        return None
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m.group(0).lower()]
    return TimeExpr(m.start(), m.end(), (base + timedelta(days=offset)).isoformat(), "relative")


def _told_day(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    """A day told from the day before it in the text: until :func:`_anchor_days` resolves it,
    its value holds the shift in days ("-1", "+0", "+1")."""
    if not _word_start(text, m.start()):
        return None
    word = (m["which"] or m["after"] or m["ago"] or "same").lower()
    shift = -1 if word in ("previous", "before", "earlier") else 1 if word in _LATER else 0
    return TimeExpr(m.start(), m.end(), f"{'-' if shift < 0 else '+'}{abs(shift)}", "anchored")


_LATER = frozenset({"next", "following", "after", "later"})


def _relative_unit(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    if not _word_start(text, m.start()):
        return None
    which = m["which"].lower()
    if which in ("past", "coming"):
        # "the past year", "the coming month": a stretch of time, not a point.
        return None
    unit = m["unit"].lower()
    delta = {"this": 0, "last": -1, "previous": -1, "next": 1}[which]
    if unit == "year":
        value = str(base.year + delta)
    elif unit == "month":
        value = _ym(*_shift_months(base.year, base.month, delta))
    else:
        value = (base + timedelta(days=7 * delta)).isoformat()[:7]
    p = _before(text, m.start(), _P_RELATIVE)
    start = m.start()
    if p is not None and (p["period"] or p["mod"] or (p["the"] and which == "previous")):
        start = p.start()
    return TimeExpr(start, m.end(), value, _period_word(p, "relative"))


def _ago(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    p = _before(text, m.start(), _P_COUNT)
    n = _count(p["n"]) if p is not None else None
    if p is None or n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        value = (base - timedelta(days=n)).isoformat()
    elif unit == "week":
        value = (base - timedelta(days=7 * n)).isoformat()[:7]
    elif unit == "month":
        value = _ym(*_shift_months(base.year, base.month, -n))
    elif unit == "year":
        value = str(base.year - n)
    else:
        value = str(base.year - 10 * n)
    return TimeExpr(p.start("n"), m.end(), value, "relative")


def _duration(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    p = _before(text, m.start(), _P_DURATION)
    n = _count(p["n"]) if p is not None else None
    if p is None or n is None or not _left_ok(text, p.start("n")):
        return None
    value: str | None = None
    unit = m["unit"].lower().rstrip("s")
    anchor = (p["anchor"] or "").lower()
    if anchor in ("past", "last", "previous"):
        if unit == "year":
            value = str(base.year - n)
        elif unit == "month":
            value = _ym(*_shift_months(base.year, base.month, -n))
        elif unit in ("day", "week"):
            value = (base - timedelta(days=n * (7 if unit == "week" else 1))).isoformat()
        elif unit == "decade":
            value = str(base.year - 10 * n)
    start = p.start("anchor") if anchor else p.start("n")
    return TimeExpr(start, m.end(), value, "duration")


def _year(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    """A four-digit year: a decade ("1990s"), part of a year ("the end of 2027"), or a year."""
    year = int(m["year"])
    if m["decade"]:
        if year % 10:
            return None
        p = _before(text, m.start(), _P_DECADE)
        part = (p["part"] if p else "").lower()
        if not part and not _left_ok(text, m.start()):
            return None
        start = p.start("part") if p else m.start()
        return TimeExpr(start, m.end(), str(year + {"": 0, "early": 0, "mid": 5, "late": 7}[part]), "decade")
    p = _before(text, m.start(), _P_PART_OF_YEAR)
    if p is not None:
        start = p.start("period") if p["period"] else p.start("part")
        return TimeExpr(start, m.end(), m["year"], _period_word(p, "date"))
    if not _left_ok(text, m.start()) or _NO_YEAR_BEFORE.search(text, max(0, m.start() - 15), m.start()):
        return None
    start, ref = _with_period(text, m.start(), "date")
    return TimeExpr(start, m.end(), m["year"], ref)


def _part_of_relative_year(m: re.Match[str], text: str, base: date) -> TimeExpr | None:
    if not _word_start(text, m.start()):
        return None
    year = base.year + {"this": 0, "the": 0, "last": -1, "next": 1}[m["rel"].lower()]
    p = _before(text, m.start(), _P_PART_REL)
    start = p.start() if p is not None and p.group(0) else m.start()
    return TimeExpr(start, m.end(), str(year), _period_word(p, "relative"))


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.lower())


_Handler = Callable[[re.Match[str], str, date], TimeExpr | None]

_PATTERNS: list[tuple[re.Pattern[str], _Handler]] = [
    (re.compile(r"(?P<y>" + _YEAR + r")-(?P<mo>\d\d)-(?P<d>\d\d)\b"), _iso),
    (
        re.compile(
            r"(?P<month>" + _MONTH + r")\s+(?P<day>" + _DAY + r")"
            r"(?:\s*(?:-|–|and|to|through)\s*(?P<day2>" + _DAY + r"))?"
            r"(?:,?\s+(?P<year>" + _YEAR + r"))?" + _RIGHT
        ),
        _month_day,
    ),
    (
        re.compile(
            r"(?P<day>" + _DAY + r")(?:\s*(?:-|–|and|to)\s*(?P<day2>" + _DAY + r"))?"
            r"\s+(?:of\s+)?(?P<month>" + _MONTH + r")(?:,?\s+(?P<year>" + _YEAR + r"))?" + _RIGHT
        ),
        _month_day,
    ),
    (re.compile(r"(?P<month>" + _MONTH + r"),?\s+(?P<year>" + _YEAR + r")" + _RIGHT), _month_year),
    (re.compile(r"(?P<month>" + _FULL_MONTH + r")\b(?!\s*\d)"), _month_alone),
    (re.compile(r"(?P<wd>" + _WEEKDAY + r")\b"), _weekday),
    (re.compile(r"(?:yesterday|today|tomorrow|Yesterday|Today|Tomorrow)\b"), _deictic_day),
    (
        # "the day before the vote" is told from the vote, not from a date: only a bare one counts.
        re.compile(
            r"(?:[Tt]he\s+(?P<which>previous|following|next|same)\s+day"
            r"|[Tt]he\s+day\s+(?P<after>before|after)(?=\s*[,.;:)]|$)"
            r"|[Aa]\s+day\s+(?P<ago>earlier|later)|[Tt]hat\s+same\s+day)\b"
        ),
        _told_day,
    ),
    (
        re.compile(
            r"(?P<which>this|last|next|past|previous|coming|This|Last|Next|Past|Previous|Coming)"
            r"\s+(?P<unit>week|month|year)\b"
        ),
        _relative_unit,
    ),
    (re.compile(r"(?P<unit>days|weeks|months|years|decades|day|week|month|year|decade)\s+ago\b"), _ago),
    (re.compile(r"(?P<unit>days|weeks|months|years|decades)\b(?![\w-])"), _duration),
    (re.compile(r"(?P<year>" + _YEAR + r")(?:(?P<decade>'?s)\b|(?![\w%]|,\d|\.\d|-\d\d-))"), _year),
    (
        re.compile(_PARTS + r"\s+of\s+(?P<rel>this|last|next|the)\s+year\b"),
        _part_of_relative_year,
    ),
]
