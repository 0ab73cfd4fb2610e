"""Schemathesis over the OpenAPI schema, against the live server: every operation, generated inputs.

Checks that no input causes a server error and that every answer matches the schema (status
codes, content types, bodies). Examples per operation are bounded so that the run stays short;
the database is the synthetic one. The schema is built from the app at import time (pytest
collects one test per operation from it) and the first test checks that the live server
serves exactly that schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from api_support import serve, synthetic_db
from armswatch.api.app import ApiConfig, build_app

OPENAPI = build_app(ApiConfig(db_path="unused.db")).openapi()
schema = schemathesis.openapi.from_dict(OPENAPI)


@pytest.fixture(scope="module")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db: Path = synthetic_db(tmp_path_factory.mktemp("schema") / "x.db")
    with serve(db) as url:
        yield url


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as http:
        yield http


def test_live_schema_is_the_one_tested(api_url: str) -> None:
    live = httpx.get(f"{api_url}/openapi.json").json()
    assert live == OPENAPI
    assert live["openapi"].startswith("3.")
    paths = set(live["paths"])
    for name, key in (
        ("articles", "doc_id"),
        ("events", "event_id"),
        ("facts", "fact_id"),
        ("stories", "story_id"),
    ):
        assert {f"/api/v1/{name}", f"/api/v1/{name}/{{{key}}}"} <= paths
    assert {"/api/v1/actors", "/api/v1/actors/{actor_id}", "/api/v1/flags", "/api/v1/network"} <= paths
    assert {"/api/v1/timeline", "/api/v1/summary", "/api/v1/vocabulary"} <= paths


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case, api_url: str, session: requests.Session) -> None:
    case.call_and_validate(base_url=api_url, session=session)
