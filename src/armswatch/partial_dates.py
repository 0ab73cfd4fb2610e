"""Partial dates: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as events, facts and the KB give them.

A partial date stands for the period it names (a year, a month, a day). This module is the one
place that parses them, checks them against the calendar and compares their periods; it is a
shared layer like :mod:`armswatch.models` and imports no stage.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

#: How precise a partial date is.
Precision = Literal["year", "month", "day"]

#: A partial date whose month and day are in range, for schemas that validate by pattern
#: (the calendar, such as a 30 February, is checked by :func:`is_valid` only).
PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"

_SHAPE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_PRECISIONS: tuple[Precision, Precision, Precision] = ("year", "month", "day")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A valid partial date; ``str()`` gives it back as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Zero is no month or day: only an absent one stands for the whole period.
        date(self.year, 1 if self.month is None else self.month, 1 if self.day is None else self.day)

    @property
    def precision(self) -> Precision:
        """``year``, ``month`` or ``day``."""
        return "year" if self.month is None else "month" if self.day is None else "day"

    @property
    def first(self) -> date:
        """The first day of the period."""
        return date(self.year, 1 if self.month is None else self.month, 1 if self.day is None else self.day)

    @property
    def last(self) -> date:
        """The last day of the period."""
        if self.month is None:
            return date(self.year, 12, 31)
        if self.day is None:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


def shape(value: str) -> Precision | None:
    """The precision ``value`` is written with (digits and dashes only), or None; no calendar check."""
    match = _SHAPE.fullmatch(value)
    if match is None:
        return None
    return _PRECISIONS[sum(part is not None for part in match.groups()) - 1]


def parse(value: str) -> PartialDate:
    """``value`` as a :class:`PartialDate`; ValueError when it is not one or not on the calendar."""
    match = _SHAPE.fullmatch(value)
    if match is None:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = match.groups()
    try:
        return PartialDate(
            int(year), None if month is None else int(month), None if day is None else int(day)
        )
    except ValueError:
        raise ValueError(f"not a calendar date: {value!r}") from None


def is_valid(value: object) -> bool:
    """Whether ``value`` is a partial date on the calendar."""
    if not isinstance(value, str):
        return False
    try:
        parse(value)
    except ValueError:
        return False
    return True


def precision(value: str) -> Precision:
    """How precise the partial date ``value`` is; ValueError when it is not one."""
    return parse(value).precision


def period(value: str) -> tuple[date, date]:
    """The first and last day of the period ``value`` names; ValueError when it is not a date."""
    when = parse(value)
    return when.first, when.last


def iso_period(value: str) -> tuple[str, str]:
    """:func:`period` as ISO strings, which compare like the dates."""
    first, last = period(value)
    return first.isoformat(), last.isoformat()


def overlaps(a: str, b: str) -> bool:
    """Whether the periods of two partial dates share a day."""
    (a0, a1), (b0, b1) = period(a), period(b)
    return a0 <= b1 and b0 <= a1


def gap_days(a: str, b: str) -> int:
    """Days between the periods of two partial dates; 0 when they overlap."""
    (a0, a1), (b0, b1) = period(a), period(b)
    if a1 < b0:
        return (b0 - a1).days
    if b1 < a0:
        return (a0 - b1).days
    return 0
