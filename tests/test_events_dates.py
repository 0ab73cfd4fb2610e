"""Dating conventions of the shared spec: which time expression governs an event.

Each test names the one event it checks by type and parties; the rest of the sentence's
records are the business of ``test_events_cases.py``.
"""

from __future__ import annotations

import pytest

from armswatch.pipeline import Processor
from events_support import events_of, one


@pytest.mark.parametrize(
    ("text", "published", "etype", "source", "target", "expected"),
    [
        # The time of a relative clause inside the accused deed dates the deed, not the charge.
        (
            "Mali cut diplomatic ties with Ukraine in August 2024, accusing Kyiv of supporting the "
            "rebels who killed dozens of Wagner fighters near the Algerian border in late July.",
            "2025-06-24",
            "accusation",
            "MLI",
            "UKR",
            "2024-08",
        ),
        # A conjoined clause with its own time dates its own event, not the statement before it.
        (
            "Azerbaijan's president said in January 2023 that India's arms sales to Armenia were "
            "unfriendly, and in July his adviser met the Indian ambassador in Baku.",
            "2024-11-25",
            "accusation",
            "AZE",
            "IND",
            "2023-01",
        ),
        # A participle describing the document that speaks dates what it says.
        (
            "A UN report published in 2023 accused Malian soldiers of killing hundreds of civilians "
            "in Moura in March 2022.",
            "2025-06-24",
            "accusation",
            "UN",
            "MLI",
            "2023",
        ),
        # A day told from the statement's day; the parser hangs it on "carrying".
        (
            "North Korea said on Thursday that it had tested a missile carrying multiple warheads "
            "the previous day.",
            "2024-06-27",
            "weapons_test",
            "PRK",
            None,
            "2024-06-26",
        ),
    ],
)
def test_governing_time(
    proc: Processor, text: str, published: str, etype: str, source: str, target: str | None, expected: str
) -> None:
    assert one(events_of(proc, text, published), etype, source, target).date == expected


def test_an_undated_statement_takes_the_day_of_the_statement_it_follows(proc: Processor) -> None:
    text = (
        "The United States imposed sanctions on two Chinese drone makers on Thursday.\n"
        "China rejected the US accusations on Friday. Foreign ministry spokeswoman Mao Ning "
        "called the sanctions illegal."
    )
    assert one(events_of(proc, text, "2024-10-18"), "accusation", "CHN", "USA").date == "2024-10-18"
