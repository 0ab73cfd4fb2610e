"""Partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``): parsing, periods, overlap, validation."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armswatch import partial_dates
from armswatch.partial_dates import PartialDate

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def partial(draw: st.DrawFn) -> str:
    """A partial date at any precision, written as the pipeline writes it."""
    day = draw(days)
    return draw(st.sampled_from([day.isoformat()[:4], day.isoformat()[:7], day.isoformat()]))


@given(partial())
def test_parse_and_str_round_trip(value: str) -> None:
    parsed = partial_dates.parse(value)
    assert str(parsed) == value
    assert partial_dates.parse(str(parsed)) == parsed
    assert partial_dates.precision(value) == partial_dates.shape(value) == parsed.precision
    assert partial_dates.is_valid(value)
    assert re.fullmatch(partial_dates.PATTERN, value)


@given(days)
def test_every_prefix_of_a_day_contains_it(day: date) -> None:
    for value in (day.isoformat()[:4], day.isoformat()[:7], day.isoformat()):
        first, last = partial_dates.period(value)
        assert first <= day <= last
        assert partial_dates.iso_period(value) == (first.isoformat(), last.isoformat())


@given(partial())
def test_a_period_is_exactly_the_days_its_text_begins(value: str) -> None:
    first, last = partial_dates.period(value)
    assert first.isoformat().startswith(value) and last.isoformat().startswith(value)
    assert not (first - timedelta(days=1)).isoformat().startswith(value)
    assert not (last + timedelta(days=1)).isoformat().startswith(value)


@given(partial(), partial())
def test_overlap_and_gap_are_symmetric(a: str, b: str) -> None:
    assert partial_dates.overlaps(a, b) == partial_dates.overlaps(b, a)
    assert partial_dates.gap_days(a, b) == partial_dates.gap_days(b, a) >= 0
    assert partial_dates.overlaps(a, b) == (partial_dates.gap_days(a, b) == 0)
    # Partial dates overlap exactly when one is a prefix of the other.
    assert partial_dates.overlaps(a, b) == (a.startswith(b) or b.startswith(a))


def test_months_end_on_their_own_last_day() -> None:
    assert partial_dates.period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert partial_dates.period("2023-02")[1] == date(2023, 2, 28)
    assert partial_dates.period("2023") == (date(2023, 1, 1), date(2023, 12, 31))
    assert partial_dates.gap_days("2023-01", "2023-03-02") == 30
    assert PartialDate(2023, 9).last == date(2023, 9, 30)


@pytest.mark.parametrize(
    "value", ["", "23", "2023-9", "2023-09-1", "2023/09", "2023-13", "2023-00", "2023-02-30", "0000", " 2023"]
)
def test_what_is_not_a_partial_date(value: str) -> None:
    assert not partial_dates.is_valid(value)
    with pytest.raises(ValueError, match="not a"):
        partial_dates.parse(value)


def test_shape_reads_the_writing_only() -> None:
    assert partial_dates.shape("2023-02-30") == "day"
    assert partial_dates.shape("2023-13") == "month"
    assert partial_dates.shape("2023-9") is None
    assert not partial_dates.is_valid(None) and not partial_dates.is_valid(2023)
    with pytest.raises(ValueError):
        PartialDate(2023, None, 1)
