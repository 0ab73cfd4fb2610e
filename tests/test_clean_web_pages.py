"""Pages as the web has them: photo captions, stamps of time, headlines behind icons.

Every page here is written for these tests; each shows one convention of real news pages.
"""

from __future__ import annotations

import pytest

from armswatch.clean.dates import find_dates
from armswatch.clean.text import segment_text

_BODY = (
    "The two defence ministers signed an agreement on the joint production of armoured vehicles "
    "on Thursday, officials said, the first accord of its kind between the two governments.\n\n"
    "The deal covers training, maintenance and the transfer of some manufacturing know-how over "
    "the next five years, according to a statement released after the ceremony."
)


def test_a_caption_is_dropped_from_the_body_and_does_not_date_the_article() -> None:
    page = (
        "Ministers sign armoured vehicle accord\n\n"
        "The ministers shake hands in the capital on Monday, 3 June 2019. (Photo: Ministry of Defence)\n\n"
        f"{_BODY}\n"
    )
    got = segment_text(page)
    assert got.title == "Ministers sign armoured vehicle accord"
    assert not any("shake hands" in p for p in got.paragraphs)
    assert got.published is None and got.page_date is None


@pytest.mark.parametrize(
    "caption",
    [
        "FILE - A convoy of armoured vehicles drives past the parade ground, May 9, 2021.",
        "The defence minister (left) greets his counterpart at the airport on 2 March 2020",
        "2 of 6 | Armoured vehicles at the plant outside the capital on 12 August 2022.",
        "Armoured vehicles at the plant outside the capital. (Jane Roe/Example Agency via Getty Images)",
    ],
)
def test_agency_caption_forms(caption: str) -> None:
    got = segment_text(f"Ministers sign armoured vehicle accord\n\n{caption}\n\n{_BODY}\n")
    assert got.paragraphs[0].startswith("The two defence ministers")
    assert got.published is None


def test_headline_dated_byline_and_caption_glued_together_are_read_apart() -> None:
    page = (
        "Ministers sign armoured vehicle accord\n"
        "Published: 14 Mar. 2024, 09:30\n"
        "Armoured vehicles roll off the line at the plant near the capital on Feb. 2. [AGENCY PHOTO]\n\n"
        f"{_BODY}\n"
    )
    got = segment_text(page)
    assert got.title == "Ministers sign armoured vehicle accord"
    assert got.published == "2024-03-14"
    assert got.paragraphs[0].startswith("The two defence ministers")


def test_a_clock_time_marks_a_header_date_as_the_articles_stamp() -> None:
    page = (
        "World Business Markets Sport Opinion\n"
        "Ministers sign armoured vehicle accord\n"
        "June 7, 2017 / 5:04 PM / a month ago\n\n"
        "Ministers sign armoured vehicle accord\n\n"
        f"{_BODY}\n"
    )
    got = segment_text(page)
    assert got.published == "2017-06-07"
    assert got.published_evidence == "timestamp"


def test_the_first_paragraph_naming_today_dates_the_article() -> None:
    lead = (
        "Allied aircraft struck three depots in an operation today, on 14th April 2018, officials "
        "said, in response to an attack on a border town last week."
    )
    got = segment_text(f"Allies strike depots\n\n{lead}\n\n{_BODY}\n")
    assert got.published == "2018-04-14"
    assert got.published_evidence == "today"


def test_a_close_button_and_a_breadcrumb_are_not_the_headline() -> None:
    got = segment_text(f"You are here\n\n× Ministers sign armoured vehicle accord\n\n{_BODY}\n")
    assert got.title == "Ministers sign armoured vehicle accord"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Fri, 07/05/2019 - 01:27", "2019-07-05"),  # 5 July 2019 was a Friday, 7 May a Tuesday
        ("Tue, 07/05/2019", "2019-05-07"),
        ("By Agency - Mar 29,2024 - Last updated at Mar 29,2024", "2024-03-29"),
        ("Wednesday, 24 November 2021 08:01 AM", "2021-11-24"),
    ],
)
def test_dates_read_with_a_weekday_or_without_a_space(text: str, iso: str) -> None:
    assert find_dates(text)[0].iso == iso


def test_an_ambiguous_numeric_date_whose_weekday_fits_neither_reading_is_no_date() -> None:
    assert find_dates("Sun, 07/05/2019") == []
    assert find_dates("07/05/2019") == []
