"""The closed vocabularies of :mod:`armswatch.models`: one ``Literal`` each, and checked narrowing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from armswatch import models


@pytest.mark.parametrize(
    ("narrow", "values"),
    [
        (models.as_event_type, models.EVENT_TYPES),
        (models.as_weapon_category, models.WEAPON_CATEGORIES),
        (models.as_factuality, models.FACTUALITIES),
        (models.as_mention_kind, models.MENTION_KINDS),
        (models.as_doc_kind, models.DOC_KINDS),
        (models.as_flag_status, models.FLAG_STATUSES),
    ],
)
def test_narrowing_keeps_members_and_refuses_the_rest(
    narrow: Callable[[object], str], values: tuple[str, ...]
) -> None:
    assert values and len(set(values)) == len(values)
    assert [narrow(v) for v in values] == list(values)
    for wrong in ("", "Arms_Transfer", "unknown", None, 3):
        with pytest.raises(ValueError, match="not a"):
            narrow(wrong)


def test_the_contract_vocabularies_are_as_the_spec_lists_them() -> None:
    assert models.EVENT_TYPES[0] == "arms_transfer" and len(models.EVENT_TYPES) == 11
    assert models.WEAPON_CATEGORIES[-1] == "other" and len(models.WEAPON_CATEGORIES) == 16
    assert models.FACTUALITIES == ("certain", "possible", "negated")
