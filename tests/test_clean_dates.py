"""Publication-date parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armswatch.clean.dates import date_from_machine, find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("November 1, 2024", "2024-11-01"),
        ("By Dana Example | Nov. 1, 2024", "2024-11-01"),
        ("20 June 2024 | Correspondent, Seoul", "2024-06-20"),
        ("Tuesday 6 May 2025, 22:10", "2025-05-06"),
        ("June 27, 2025 · Defence Desk", "2025-06-27"),
        ("Published 2025-08-02 09:15 KST", "2025-08-02"),
        ("1st of March, 2023", "2023-03-01"),
        ("Posted 01.11.2024", "2024-11-01"),
        ("25/11/2024", "2024-11-25"),
        ("11/25/2024", "2024-11-25"),
    ],
)
def test_dates_parse_written_dates(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text", ["03/04/2025", "May 2024", "Thursday", "31 February 2024", "no date here", "1 June 1850"]
)
def test_dates_reject_partial_ambiguous_or_impossible(text: str) -> None:
    assert parse_date(text) is None


def test_dates_labels_and_weekdays() -> None:
    hits = find_dates("Published 14 March 2024, 10:20 CET · Last updated 15 March 2024, 09:05 CET")
    assert [(h.iso, h.label) for h in hits] == [("2024-03-14", "published"), ("2024-03-15", "updated")]
    assert find_dates("Wednesday, July 24, 2024")[0].weekday
    assert not find_dates("July 24, 2024")[0].weekday


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-10-29T23:30:00-05:00", "2024-10-29"),
        ("Tue, 05 Nov 2024 10:00:00 GMT", "2024-11-05"),
        ("20241105", "2024-11-05"),
        ("5 November 2024", "2024-11-05"),
        ("", None),
        ("soon", None),
    ],
)
def test_dates_machine_formats(value: str, iso: str | None) -> None:
    assert date_from_machine(value) == iso


@given(st.text(max_size=200))
def test_dates_never_raise_and_are_iso(text: str) -> None:
    for value in (parse_date(text), date_from_machine(text)):
        assert value is None or (len(value) == 10 and value[4] == "-" and value[7] == "-")
