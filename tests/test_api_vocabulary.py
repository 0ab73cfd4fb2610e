"""The API's literal types repeat the contract's vocabularies for OpenAPI; they must not drift."""

from __future__ import annotations

from typing import get_args

from armswatch.api import schemas
from armswatch.models import EVENT_TYPES, FACTUALITIES, WEAPON_CATEGORIES


def test_api_literals_match_the_contract() -> None:
    assert get_args(schemas.EventType) == EVENT_TYPES
    assert get_args(schemas.WeaponCategory) == WEAPON_CATEGORIES
    assert get_args(schemas.Factuality) == FACTUALITIES
