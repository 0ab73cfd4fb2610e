"""Time expressions normalised against the publication date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from armswatch.nlp.times import find_times

FRIDAY = date(2023, 9, 29)


def _times(text: str, base: date = FRIDAY) -> list[tuple[str, str | None, str]]:
    return [(text[t.start : t.end], t.value, t.ref) for t in find_times(text, base)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weekdays: the most recent one on or before the publication date
        ("The ministry said on Thursday it would respond.", [("Thursday", "2023-09-28", "relative")]),
        ("The ministry said on Friday it would respond.", [("Friday", "2023-09-29", "relative")]),
        ("Talks were held on Monday.", [("Monday", "2023-09-25", "relative")]),
        ("Monday's launch was a test.", [("Monday", "2023-09-25", "relative")]),
        ("They will meet on Monday.", [("Monday", "2023-10-02", "relative")]),
        ("last Friday", [("last Friday", "2023-09-22", "relative")]),
        ("next Tuesday", [("next Tuesday", "2023-10-03", "relative")]),
        ("He said so yesterday.", [("yesterday", "2023-09-28", "relative")]),
        # relative periods
        ("Russia fired them last year.", [("last year", "2022", "relative")]),
        ("Deliveries slipped last month.", [("last month", "2023-08", "relative")]),
        ("It happened earlier this month.", [("earlier this month", "2023-09", "relative")]),
        ("Officials met this week.", [("this week", "2023-09", "relative")]),
        ("late last year", [("late last year", "2022", "relative")]),
        ("three months ago", [("three months ago", "2023-06", "relative")]),
        ("two years ago", [("two years ago", "2021", "relative")]),
        # absolute dates at the precision of the text
        ("In 2003, he traded designs.", [("2003", "2003", "date")]),
        ("They met on Sept. 13, 2023 in the east.", [("Sept. 13, 2023", "2023-09-13", "date")]),
        ("They met on 13 September 2023.", [("13 September 2023", "2023-09-13", "date")]),
        ("Signed in September 2023.", [("September 2023", "2023-09", "date")]),
        ("The contract dates from October 2018.", [("from October 2018", "2018-10", "from")]),
        ("2024-06-20", [("2024-06-20", "2024-06-20", "date")]),
        # decades
        ("in the mid-1990s", [("mid-1990s", "1995", "decade")]),
        ("in the 1990s", [("1990s", "1990", "decade")]),
        ("in the early 2000s", [("early 2000s", "2000", "decade")]),
        ("in the late 1980s", [("late 1980s", "1987", "decade")]),
        # periods
        ("by the end of 2027", [("by the end of 2027", "2027", "by")]),
        ("since September 2023", [("since September 2023", "2023-09", "since")]),
        ("until 2030", [("until 2030", "2030", "until")]),
        ("in early 2025", [("early 2025", "2025", "date")]),
        ("mid-2024", [("mid-2024", "2024", "date")]),
        # days and months without a year take the publication year, or the year before
        ("They met on September 18.", [("September 18", "2023-09-18", "relative")]),
        ("They met on October 18.", [("October 18", "2022-10-18", "relative")]),
        ("They will meet on October 18.", [("October 18", "2023-10-18", "relative")]),
        ("between September 8 and 13", [("between September 8 and 13", "2023-09-08", "range")]),
        ("They last met in September.", [("September", "2023-09", "relative")]),
        ("They met in November.", [("November", "2022-11", "relative")]),
        ("He will return next March.", [("next March", "2024-03", "relative")]),
        # durations
        ("over the past 19 months", [("past 19 months", "2022-02", "duration")]),
        ("a lease of 19 months", [("19 months", None, "duration")]),
        # not times
        ("Resolution 2087 was adopted.", []),
        ("He may go, she said.", []),
        ("worth $2019 each", []),
        ("a 10-year contract", []),
    ],
)
def test_find_times(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert _times(text) == expected


def test_find_times_month_across_new_year() -> None:
    january = date(2025, 1, 6)
    assert _times("They met on December 30.", january) == [("December 30", "2024-12-30", "relative")]
    assert _times("They met in December.", january) == [("December", "2024-12", "relative")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He said in January 2021 that they had met in July.",
            [("January 2021", "2021-01", "date"), ("July", "2021-07", "relative")],
        ),
        (
            "In December 2020 they agreed, and in March the first batch arrived.",
            [("December 2020", "2020-12", "date"), ("March", "2021-03", "relative")],
        ),
        # another sentence, or a deictic month, keeps the publication date's year
        ("It rained in 2019. They met in July.", [("2019", "2019", "date"), ("July", "2023-07", "relative")]),
        (
            "In 2019, as last March, it rained.",
            [("2019", "2019", "date"), ("last March", "2023-03", "relative")],
        ),
        # told in the past, the month before the anchor's is not one still to come
        (
            "In August 2023 they cut ties over an ambush in late July.",
            [("August 2023", "2023-08", "date"), ("July", "2023-07", "relative")],
        ),
    ],
)
def test_find_times_yearless_month_takes_its_sentence_year(
    text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    assert _times(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pyongyang said on Thursday it had tested a missile the previous day.",
            [("Thursday", "2023-09-28", "relative"), ("the previous day", "2023-09-27", "anchored")],
        ),
        (
            "The treaty was signed on June 19. Putin flew to Hanoi the next day.",
            [("June 19", "2023-06-19", "relative"), ("the next day", "2023-06-20", "anchored")],
        ),
        (
            "On 20 June he spoke in Seoul. Moscow replied the same day.",
            [("20 June", "2023-06-20", "relative"), ("the same day", "2023-06-20", "anchored")],
        ),
        ("Tehran answered a day later.", [("a day later", None, "anchored")]),
        # a day told from an event rather than a date is not resolved from an earlier date
        (
            "On Monday the vote was held; he resigned the day after the vote.",
            [("Monday", "2023-09-25", "relative")],
        ),
    ],
)
def test_find_times_day_told_from_the_day_before_it(
    text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    assert _times(text) == expected


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), st.sampled_from(["Monday", "Friday"])
)
def test_find_times_previous_day_is_the_day_before_its_anchor(base: date, name: str) -> None:
    anchor, told = find_times(f"They said on {name} the launch took place the previous day.", base)
    assert anchor.value is not None and told.value is not None
    assert date.fromisoformat(anchor.value) - date.fromisoformat(told.value) == timedelta(days=1)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_find_times_weekday_is_never_after_base(base: date) -> None:
    for name in ("Monday", "Thursday", "Sunday"):
        (found,) = find_times(f"It happened on {name}.", base)
        assert found.value is not None
        day = date.fromisoformat(found.value)
        assert 0 <= (base - day).days < 7
        assert day.strftime("%A") == name


@given(st.text(alphabet="0123456789 ,.-:SeptMonayJuly2019in", max_size=40))
def test_find_times_spans_are_inside_text(text: str) -> None:
    for t in find_times(text, FRIDAY):
        assert 0 <= t.start < t.end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks were held on Thursday.", [None]),
        ("Exports rose last year and fell this month.", [None, None]),
        ("The pact was signed in March 2019.", ["2019-03"]),
        ("The order was placed in January 2023 and the first jets came in July.", ["2023-01", "2023-07"]),
        (
            "The shells arrived on 4 October 2022 and the rockets the previous day.",
            ["2022-10-04", "2022-10-03"],
        ),
        ("It has grown over the past 19 months.", [None]),
    ],
)
def test_without_a_base_date_only_the_text_dates_a_time(text: str, expected: list[str | None]) -> None:
    assert [t.value for t in find_times(text, None)] == expected
