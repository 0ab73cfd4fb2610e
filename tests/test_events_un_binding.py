"""UN measures invoked as binding give the Security Council's sanction on whom they bind."""

from __future__ import annotations

from armswatch.models import Event
from armswatch.pipeline import Processor
from events_support import events_of


def sanctions(proc: Processor, text: str, published: str | None = None) -> list[tuple[str, ...]]:
    return [_row(e) for e in events_of(proc, text, published, doc_id="un") if e.type == "sanction"]


def _row(e: Event) -> tuple[str, ...]:
    return (*e.source, ">", *e.target, e.factuality, str(e.date))


def test_feared_breach_invokes_no_measure(proc: Processor) -> None:
    text = "Russia could supply fighter jets to North Korea in violation of UN sanctions."
    assert sanctions(proc, text) == []


def test_breach_by_any_deed_invokes_no_measure(proc: Processor) -> None:
    text = "Seoul warned that any cooperation that helped North Korea violated Security Council resolutions."
    assert sanctions(proc, text) == []


def test_measure_in_the_lead_is_background_not_news(proc: Processor) -> None:
    text = "North Korea sold artillery shells to Russia in breach of UN Security Council resolutions."
    assert sanctions(proc, text, published="2024-03-01") == [("UNSC", ">", "PRK", "certain", "None")]


def test_group_in_a_states_regime_gives_the_state(proc: Processor) -> None:
    text = "Chinese-made drones were used by the Rapid Support Forces in breach of a UN arms embargo."
    assert sanctions(proc, text) == [("UNSC", ">", "SDN", "certain", "None")]


def test_failing_to_enforce_an_embargo_leaves_it_standing(proc: Processor) -> None:
    text = (
        "Human Rights Watch criticised the UN Security Council for failing to enforce "
        "the arms embargo on Libya."
    )
    assert [r[-2] for r in sanctions(proc, text)] == ["certain"]
