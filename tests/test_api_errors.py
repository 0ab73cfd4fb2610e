"""Bad requests get clear 4xx answers; the server never writes to the database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from api_support import serve
from armswatch.api import ApiConfigError, create_app
from armswatch.cli import cli


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[httpx.Client]:
    with serve(db) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("facts", {"type": "arms_sale"}, "type"),
        ("facts", {"factuality": "likely"}, "factuality"),
        ("facts", {"weapon": "tanks"}, "weapon"),
        ("facts", {"flagged": "maybe"}, "flagged"),
        ("facts", {"since": "2023-1"}, "since"),
        ("facts", {"until": "23"}, "until"),
        ("facts", {"since": "2023-13"}, "since"),
        ("facts", {"until": "2023-02-32"}, "until"),
        ("facts", {"q": ""}, "q"),
        ("facts", {"q": "x" * 501}, "q"),
        ("facts", {"limit": "0"}, "limit"),
        ("facts", {"limit": "1001"}, "limit"),
        ("facts", {"limit": "ten"}, "limit"),
        ("facts", {"offset": "-1"}, "offset"),
        ("facts", {"offset": str(10**12)}, "offset"),
        ("facts", {"format": "xml"}, "format"),
        ("facts", {"typ": "meeting"}, "typ"),
        ("events", {"source": ""}, "source"),
        ("events", {"actor": "X" * 65}, "actor"),
        ("events", {"doc_id": ""}, "doc_id"),
        ("articles", {"outlet": ""}, "outlet"),
        ("articles", {"since": "yesterday"}, "since"),
        ("flags", {"status": "violation"}, "status"),
        ("stories", {"story": "x"}, "story"),
        ("actors", {"kind": ""}, "kind"),
        ("network", {"basis": "stories"}, "basis"),
        ("network", {"min_weight": "0"}, "min_weight"),
        ("network", {"max_edges": "100000"}, "max_edges"),
        ("network", {"limit": "5"}, "limit"),
        ("timeline", {"interval": "week"}, "interval"),
    ],
)
def test_bad_parameters_are_422_with_a_message(
    client: httpx.Client, path: str, params: dict[str, str], field: str
) -> None:
    response = client.get(f"/api/v1/{path}", params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    # A filter value reads as the CLI says it ("since must be ...", "unknown type 'x' ..."),
    # any other parameter as "field: what is wrong"; either way the message names the field.
    message = body["message"]
    assert message.startswith(f"{field}: ") or message.startswith((f"{field} must", f"unknown {field} "))
    assert [e["loc"] for e in body["detail"]] == [["query", field]]


def test_several_bad_parameters_are_all_named(client: httpx.Client) -> None:
    body = client.get("/api/v1/events", params={"type": "x", "limit": "0"}).json()
    assert {e["loc"][-1] for e in body["detail"]} == {"type", "limit"}
    assert "unknown type 'x'" in body["message"] and "limit: " in body["message"]


@pytest.mark.parametrize("path", ["articles", "events", "facts", "stories", "actors"])
def test_unknown_ids_are_404(client: httpx.Client, path: str) -> None:
    response = client.get(f"/api/v1/{path}/no-such-id")
    assert response.status_code == 404
    assert response.json() == {"detail": f"no {path.rstrip('s').replace('storie', 'story')} 'no-such-id'"}


def test_unknown_paths_and_methods(client: httpx.Client) -> None:
    assert client.get("/api/v1/nothing").status_code == 404
    assert client.get("/api/v2/facts").status_code == 404
    assert client.post("/api/v1/facts", json={}).status_code == 405
    assert client.delete("/api/v1/facts/x").status_code == 405
    # Ingest is off unless the server was started with --allow-ingest and a token.
    assert client.post("/api/v1/ingest", json={"documents": []}).status_code == 404
    assert "/api/v1/ingest" not in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    "params",
    [
        {"source": "PRK' OR 1=1 --"},
        {"actor": '"; DROP TABLE facts; --'},
        {"q": '" OR title:* NEAR('},
        {"q": "AND OR NOT"},
        {"q": "S-400*"},
        {"q": "\u2028\u0085 ünïcödé 朝鲜"},
    ],
)
def test_hostile_filters_are_just_text(client: httpx.Client, params: dict[str, str]) -> None:
    response = client.get("/api/v1/facts", params=params)
    assert response.status_code == 200, response.text
    if "source" in params or "actor" in params:
        assert response.json()["items"] == []


def test_requests_never_write_to_the_database(client: httpx.Client, db: Path) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for path in (
        "facts",
        "events",
        "articles",
        "stories",
        "flags",
        "actors",
        "network",
        "timeline",
        "summary",
    ):
        assert client.get(f"/api/v1/{path}").status_code == 200
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not db.with_name(db.name + "-wal").exists() or db.with_name(db.name + "-wal").stat().st_size == 0


def test_security_headers_on_every_response(client: httpx.Client) -> None:
    for path in ("/", "/api/v1/facts", "/static/js/dashboard.js", "/api/v1/nothing", "/docs"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"].split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"


def test_server_refuses_to_start_without_a_database_or_with_ingest_but_no_token(
    tmp_path: Path, db: Path
) -> None:
    with pytest.raises(ApiConfigError, match="no such database"):
        create_app(tmp_path / "missing.db")
    with pytest.raises(ApiConfigError, match="token"):
        create_app(db, allow_ingest=True)
    (tmp_path / "other.db").write_bytes(b"not a database at all, just bytes" * 100)
    with pytest.raises(ApiConfigError):
        create_app(tmp_path / "other.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 1
    assert "no such database" in result.output
    result = runner.invoke(cli, ["serve", "--db", str(db), "--allow-ingest"], env={"ARMSWATCH_TOKEN": ""})
    assert result.exit_code == 1
    assert "needs a token" in result.output


def test_a_misspelt_status_is_told_in_the_words_of_its_list(client: httpx.Client) -> None:
    # `status` is a fact's status on facts, a deal's stage on the register, a flag's on flags.
    cases = {
        "facts": ("claimd", "claimed"),
        "register": ("ordred", "ordered"),
        "flags": ("breech", "breach"),
    }
    for path, (typed, meant) in cases.items():
        body = client.get(f"/api/v1/{path}", params={"status": typed}).json()
        assert body["message"] == f"unknown status {typed!r} (did you mean {meant}?)", path
