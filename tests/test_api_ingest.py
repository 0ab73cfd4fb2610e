"""POST /api/v1/ingest: off by default, bearer-token protected, runs the real pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_support import CORPUS, serve

TOKEN = "s3cret-token-for-tests"


def _documents(*ids: str) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [r for r in records if r["id"] in ids]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    # No database yet: an ingest server creates it.
    db = tmp_path_factory.mktemp("ingest") / "new.db"
    with serve(db, "--allow-ingest", env={"ARMSWATCH_TOKEN": TOKEN}) as url:
        yield url, db


@pytest.fixture(scope="module")
def client(server: tuple[str, Path]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0], timeout=120) as http:
        yield http


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}],
    ids=["none", "wrong", "basic", "bare"],
)
def test_ingest_needs_the_bearer_token(client: httpx.Client, headers: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/ingest", json={"documents": _documents("2023-09-13_vostochny_valley")}, headers=headers
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/summary").json()["articles"] == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"documents": []}, "documents"),
        ({"documents": [{"id": "x", "title": "no body"}]}, "documents.0"),
        ({"docs": [{"id": "x", "text": "t"}]}, "documents"),
        ({"documents": [{"id": "x", "text": 5}]}, "documents.0.text"),
    ],
)
def test_bad_ingest_bodies_are_422(client: httpx.Client, body: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/ingest", json=body, headers=_auth())
    assert response.status_code == 422, response.text
    assert response.json()["message"].startswith(f"{field}: ")


def test_ingest_runs_the_pipeline_and_the_api_serves_the_result(client: httpx.Client) -> None:
    docs = _documents("2023-10-14_munitions_containers_harbour", "2023-10-14_munitions_containers_ledger")
    response = client.post("/api/v1/ingest", json={"documents": docs}, headers=_auth())
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["seen"], result["written"], result["errors"]) == (2, 2, 0)
    assert result["events"] > 0
    articles = client.get("/api/v1/articles").json()["items"]
    assert {a["doc_id"] for a in articles} == {d["id"] for d in docs}
    assert {a["outlet"] for a in articles} == {"Harbour Gazette", "Northern Ledger"}
    transfers = client.get("/api/v1/facts", params={"source": "PRK", "type": "arms_transfer"}).json()["items"]
    assert transfers and transfers[0]["n_outlets"] == 2
    again = client.post("/api/v1/ingest", json={"documents": docs}, headers=_auth()).json()
    assert (again["written"], again["unchanged"]) == (0, 2)


def test_documents_without_id_get_a_content_id(client: httpx.Client) -> None:
    doc = {
        "title": "Tanks",
        "published": "2023-01-25",
        "text": "Germany will send Leopard 2 tanks to Ukraine.",
    }
    assert client.post("/api/v1/ingest", json={"documents": [doc]}, headers=_auth()).json()["written"] == 1
    ids = {a["doc_id"] for a in client.get("/api/v1/articles", params={"q": "Leopard"}).json()["items"]}
    assert len(ids) == 1 and len(next(iter(ids))) == 16


def test_ingest_is_in_the_schema_with_bearer_security(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/api/v1/ingest"]["post"]
    assert operation["security"] == [{"HTTPBearer": []}]
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
