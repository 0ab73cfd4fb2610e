"""Factuality conventions of the shared spec, one sentence each: which words make an event
possible or negated, and which words only seem to.

Each test names the one event it checks by type and parties; the rest of the sentence's
records are the business of ``test_events_cases.py``.
"""

from __future__ import annotations

import pytest

from armswatch.events.modality import factuality
from armswatch.events.sentence import SentenceView
from armswatch.models import Event
from armswatch.pipeline import Processor
from events_support import events_of, one

CHARGE = "The United States has long accused Iran of arming the Houthis with drones, a charge Tehran denies."


def events(proc: Processor, text: str, published: str | None = None) -> list[Event]:
    return events_of(proc, text, published, doc_id="fact")


@pytest.mark.parametrize(
    ("text", "etype", "source", "target", "expected"),
    [
        # A denial whose object is a noun ("a charge Tehran denies") denies that charge; the
        # accusation was made and its content stays as the accuser tells it.
        (
            CHARGE,
            "accusation",
            "USA",
            "IRN",
            "certain",
        ),
        (
            CHARGE,
            "arms_transfer",
            "IRN",
            "houthis",
            "certain",
        ),
        # Failing to enforce, or breaching, an embargo says nothing against the embargo itself.
        (
            "Human Rights Watch said both sides had failed to enforce the UN arms embargo on Libya.",
            "sanction",
            "UNSC",
            "LBY",
            "certain",
        ),
        # A postponed or cancelled visit did not happen.
        (
            "In September 2013, Brazil's Dilma Rousseff postponed a planned visit to the United States.",
            "meeting",
            "BRA",
            "USA",
            "negated",
        ),
        # Planned and future transfers are plans, not deliveries.
        (
            "Critics opposed Switzerland's planned purchase of 36 F-35A fighter jets from the United States.",
            "arms_transfer",
            "USA",
            "CHE",
            "possible",
        ),
        (
            "Denmark confirmed the future delivery of F-16 fighter jets to Ukraine.",
            "arms_transfer",
            "DNK",
            "UKR",
            "possible",
        ),
        # An eagerness, desire or readiness to act is an intention.
        (
            "Analysts noted Moscow's eagerness to sell Su-35 fighter jets to Iran.",
            "arms_transfer",
            "RUS",
            "IRN",
            "possible",
        ),
        # A scene set before the subject is not what the clause's verb proposes ...
        (
            "During talks with Narendra Modi in New Delhi in March 2018, Emmanuel Macron proposed deeper "
            "defence cooperation between France and India.",
            "meeting",
            "FRA",
            "IND",
            "certain",
        ),
        # ... while the proposal itself stays a proposal.
        (
            "During talks with Narendra Modi in New Delhi in March 2018, Emmanuel Macron proposed deeper "
            "defence cooperation between France and India.",
            "military_cooperation",
            "FRA",
            None,
            "possible",
        ),
    ],
)
def test_factuality(
    proc: Processor, text: str, etype: str, source: str, target: str | None, expected: str
) -> None:
    assert one(events(proc, text), etype, source, target).factuality == expected


def test_a_habitual_statement_takes_no_news_date(proc: Processor) -> None:
    """'Has long accused' is told as repeated over years: the publication day is not its date."""
    text = "The United States has long accused Iran of arming the Houthis with drones."
    assert one(events(proc, text, published="2025-07-17"), "accusation", "USA", "IRN").date is None
    text = "The United States accused Iran of arming the Houthis with drones."
    assert one(events(proc, text, published="2025-07-17"), "accusation", "USA", "IRN").date == "2025-07"


def fact_of(proc: Processor, text: str, word: str) -> str:
    """The factuality ``modality.factuality`` gives the first token ``word`` of a parsed text."""
    doc = proc.extractor.nlp(text)
    view = SentenceView(doc=doc, offset=0, mentions=[], earlier=[])
    cue = next(t for t in doc if t.text == word)
    return factuality(view, cue, proc.extractor.lex)


def test_a_gerund_subject_of_a_modal_is_hypothetical(proc: Processor) -> None:
    text = "Sending Taurus missiles to Ukraine would be a mistake for Germany, Olaf Scholz said in 2024."
    assert fact_of(proc, text, "Sending") == "possible"
    assert fact_of(proc, "Sending Taurus missiles to Ukraine was a mistake.", "Sending") == "certain"


def test_a_noun_followed_by_an_offering_participle_is_an_offer(proc: Processor) -> None:
    assert fact_of(proc, "Beijing protested against the arms sales offered to Taiwan.", "sales") == "possible"
    assert fact_of(proc, "Beijing protested against the arms sales made to Taiwan.", "sales") == "certain"
    # A negotiated contract is a concluded one.
    assert fact_of(proc, "Poland signed the contract negotiated in 2022.", "contract") == "certain"


def test_a_mislemmatised_hedge_verb_still_hedges(proc: Processor) -> None:
    """The small English model reads "hoped" as "hop"; the lexicon knows its own verbs' forms."""
    evs = events(proc, "Mali's leader said he hoped to expand military cooperation with Russia.")
    assert one(evs, "military_cooperation", "MLI").factuality == "possible"
    assert proc.extractor.lex.lemma(proc.extractor.nlp("They hoped.")[1]) == "hope"


def test_not_excluding_leaves_it_possible(proc: Processor) -> None:
    """ "did not exclude" is "did not rule out": the cooperation may come."""
    evs = events(proc, "Putin said Russia did not exclude developing military cooperation with North Korea.")
    assert one(evs, "military_cooperation", "RUS").factuality == "possible"
