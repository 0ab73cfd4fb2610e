"""Publication dates: find full calendar dates in short strings and normalise them.

Only dates with a day, a month and a year count: a bare "Thursday" or "May 2024" says
nothing certain about when an article appeared. Output is always ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from functools import cache

from armswatch.clean.patterns import load_boilerplate

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_SLASHED_YMD = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_ISO_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T|$)")
# Day-first with dots (European), or slashed where one side cannot be a month.
_DOTTED_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]\d)")
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")

_DIGIT = re.compile(r"\d")
_WEEKDAY_BEFORE = re.compile(r"\b([A-Za-z]{3,9}\.?),?\s*$")
# Years outside this window are typos or ids, not publication dates.
_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass(frozen=True, slots=True, kw_only=True)
class DateHit:
    """A full date found in a string."""

    iso: str
    start: int
    end: int
    weekday: bool
    label: str | None  # "published", "updated" or None, from the words just before it


@cache
def _month_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    bp = load_boilerplate()
    month = "|".join(sorted(bp.months, key=len, reverse=True))
    weekday = "|".join(sorted(bp.weekdays, key=len, reverse=True))
    wd = rf"(?:(?P<wd>\b(?:{weekday})\b\.?,?\s*)?)"
    day_month_year = re.compile(
        rf"{wd}\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m>{month})\b\.?(?:,\s*|\s+)(?P<y>\d{{4}})(?!\d)",
        re.IGNORECASE,
    )
    month_day_year = re.compile(
        rf"{wd}\b(?P<m>{month})\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y>\d{{4}})(?!\d)",
        re.IGNORECASE,
    )
    weekday_only = re.compile(rf"\b(?:{weekday})\b", re.IGNORECASE)
    return day_month_year, month_day_year, weekday_only


def _valid(year: int, month: int, day: int) -> str | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _label(prefix: str) -> str | None:
    bp = load_boilerplate()
    # Only the few words right before the date can label it.
    tail = prefix[-40:]
    if bp.updated_label.search(tail):
        return "updated"
    if bp.published_label.search(tail):
        return "published"
    return None


def _weekday_before(text: str, start: int) -> int | None:
    """The weekday (Monday = 0) named just before ``start``, as in "Fri, 07/05/2019"."""
    bp = load_boilerplate()
    m = _WEEKDAY_BEFORE.search(text[max(0, start - 14) : start])
    if m is None:
        return None
    return bp.weekday_numbers.get(m[1].lower().rstrip("."))


def find_dates(text: str) -> list[DateHit]:
    """Every full date in ``text``, in order of appearance."""
    if not _DIGIT.search(text):
        return []
    bp = load_boilerplate()
    day_month_year, month_day_year, weekday_only = _month_patterns()
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def add(iso: str | None, start: int, end: int, weekday: bool) -> None:
        if iso is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        hits.append(DateHit(iso=iso, start=start, end=end, weekday=weekday, label=_label(text[:start])))

    for rx in (day_month_year, month_day_year):
        for m in rx.finditer(text):
            iso = _valid(int(m["y"]), bp.months[m["m"].lower()], int(m["d"]))
            start = m.start("d") if m.start("d") < m.start("m") else m.start("m")
            weekday = bool(m["wd"]) or bool(weekday_only.search(text[max(0, start - 12) : start]))
            add(iso, start, m.end(), weekday)
    for rx in (_ISO, _SLASHED_YMD):
        for m in rx.finditer(text):
            add(_valid(int(m[1]), int(m[2]), int(m[3])), m.start(), m.end(), False)
    for m in _DOTTED_DMY.finditer(text):
        add(_valid(int(m[3]), int(m[2]), int(m[1])), m.start(), m.end(), False)
    for m in _SLASHED.finditer(text):
        a, b = int(m[1]), int(m[2])
        # 03/04/2025 could be March or April: only an unambiguous order counts, or the
        # weekday printed before it ("Fri, 07/05/2019" is a Friday only as 5 July).
        day_name = _weekday_before(text, m.start())
        if a > 12 >= b:
            add(_valid(int(m[3]), b, a), m.start(), m.end(), day_name is not None)
        elif b > 12 >= a:
            add(_valid(int(m[3]), a, b), m.start(), m.end(), day_name is not None)
        elif day_name is not None:
            fits = {iso for iso in (_valid(int(m[3]), a, b), _valid(int(m[3]), b, a)) if iso}
            fits = {iso for iso in fits if dt.date.fromisoformat(iso).weekday() == day_name}
            if len(fits) == 1:
                add(fits.pop(), m.start(), m.end(), True)
    hits.sort(key=lambda h: h.start)
    return hits


def parse_date(text: str) -> str | None:
    """The first full date in ``text`` as ``YYYY-MM-DD``, or None."""
    hits = find_dates(text)
    return hits[0].iso if hits else None


def date_from_machine(value: str) -> str | None:
    """Read a machine-written date (ISO 8601, RFC 2822, ``YYYYMMDD``) as ``YYYY-MM-DD``.

    The calendar date is taken as written: "2024-10-29T23:30:00-05:00" is the 29th, the
    day the outlet printed, whatever it is in UTC.
    """
    value = value.strip()
    if not value:
        return None
    m = _ISO.match(value) or _ISO_COMPACT.match(value) or _SLASHED_YMD.match(value)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return parse_date(value)
    return _valid(parsed.year, parsed.month, parsed.day)
