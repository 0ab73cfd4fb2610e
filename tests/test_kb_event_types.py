"""The table of event-type traits (``kb/event_types.toml``): complete, validated, read once."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from typing import Any

import pytest

from armswatch.events import kinds
from armswatch.kb.event_types import (
    FILE_NAME,
    EventTypesError,
    EventTypeTraits,
    event_type_traits,
    parse_event_types,
    types_where,
)
from armswatch.models import EVENT_TYPES
from armswatch.stories import facts


def shipped() -> dict[str, Any]:
    return tomllib.loads(resources.files("armswatch.kb").joinpath(FILE_NAME).read_text(encoding="utf-8"))


def test_every_type_has_traits_in_the_contract_order() -> None:
    traits = event_type_traits()
    assert tuple(traits) == EVENT_TYPES
    assert all(isinstance(t, EventTypeTraits) and t.type == name for name, t in traits.items())
    assert all(t.plover_code for t in traits.values())
    assert event_type_traits() is traits


def test_traits_say_what_the_spec_says() -> None:
    traits = event_type_traits()
    assert (traits["arms_transfer"].plover_code, traits["arms_transfer"].plover_mode) == ("AID", "military")
    assert traits["demand"].plover_code == "REQUEST"
    assert types_where(lambda t: t.speech_act) == {"accusation", "demand", "denial", "threat_designation"}
    assert types_where(lambda t: t.symmetric) == {"meeting", "military_cooperation"}
    assert types_where(lambda t: t.transfer) == {"arms_transfer", "tech_transfer"}
    # Every speech act except a denial names whom it addresses; no speech act is a partnership.
    assert types_where(lambda t: t.speech_act and not t.target_required) == {"denial"}
    assert not types_where(lambda t: t.speech_act and (t.partnering or t.deniable))


def test_the_stages_read_their_sets_from_the_table() -> None:
    assert types_where(lambda t: t.speech_act) == kinds.SPEECH_ACTS
    assert types_where(lambda t: t.target_required) == kinds.TARGET_REQUIRED
    assert facts.SYMMETRIC_TYPES == kinds.SYMMETRIC
    assert types_where(lambda t: t.deniable) == facts.DENIABLE_TYPES


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(shipped())
    change(data)
    return data


BROKEN = [
    pytest.param(lambda d: d.pop("denial"), ("no section", "denial"), id="missing-type"),
    pytest.param(lambda d: d.update(arms_sale={"plover_code": "AID"}), ("[arms_sale]",), id="unknown-type"),
    pytest.param(lambda d: d["meeting"].update(mutual=True), ("[meeting]", "'mutual'"), id="unknown-key"),
    pytest.param(lambda d: d.update(meeting="CONSULT"), ("[meeting]", "table"), id="not-a-table"),
    pytest.param(lambda d: d["sanction"].pop("plover_code"), ("[sanction]", "plover_code"), id="no-code"),
    pytest.param(lambda d: d["sanction"].update(plover_code=""), ("[sanction]", "empty"), id="empty-code"),
    pytest.param(lambda d: d["demand"].update(speech_act="yes"), ("[demand]", "speech_act"), id="not-a-bool"),
]


@pytest.mark.parametrize(("change", "named"), BROKEN)
def test_a_malformed_table_is_named(change: Any, named: tuple[str, ...]) -> None:
    with pytest.raises(EventTypesError) as info:
        parse_event_types(_broken(change))
    message = str(info.value)
    assert message.startswith(f"{FILE_NAME}: ")
    for part in named:
        assert part in message
