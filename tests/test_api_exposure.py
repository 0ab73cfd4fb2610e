"""A served database exposed no further than asked: token before body, a body cap, Host names.

The servers here run ``armswatch serve`` on 127.0.0.1, as users run it.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from api_support import serve
from armswatch.api.app import ApiConfigError, create_app, default_allowed_hosts, exposure_warnings
from armswatch.cli import cli

TOKEN = "a-token-long-enough-1234"
CAP = 4096


@pytest.fixture(scope="module")
def ingest_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("exposure") / "new.db"
    with serve(db, "--allow-ingest", "--max-body-bytes", str(CAP), env={"ARMSWATCH_TOKEN": TOKEN}) as url:
        yield url


def _raw_post(url: str, headers: dict[str, str], body: bytes) -> bytes:
    """Send a request by hand (its body may be shorter than it says) and read the answer."""
    host, port = url.removeprefix("http://").split(":")
    lines = ["POST /api/v1/ingest HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
    return answer


def test_the_token_is_checked_before_the_body_is_read(ingest_url: str) -> None:
    # 100 MB announced, a few bytes sent: the answer comes from the headers alone. A server
    # that read the body first would wait for the rest (the socket's timeout ends the test).
    answer = _raw_post(
        ingest_url, {"Content-Length": str(100_000_000), "Content-Type": "application/json"}, b"{"
    )
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert b"www-authenticate: bearer" in answer.lower()


def test_a_body_over_the_cap_is_refused(ingest_url: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    announced = _raw_post(ingest_url, {**auth, "Content-Length": str(100_000_000)}, b"{")
    assert announced.startswith(b"HTTP/1.1 413"), announced[:200]
    # Streamed without a length: refused once the cap is passed.
    big = {"documents": [{"id": "big", "text": "Iran sent drones to Russia. " * 400}]}

    def chunks() -> Iterator[bytes]:
        import json

        data = json.dumps(big).encode()
        for i in range(0, len(data), 1000):
            yield data[i : i + 1000]

    streamed = httpx.post(f"{ingest_url}/api/v1/ingest", content=chunks(), headers=auth, timeout=60)
    assert streamed.status_code == 413
    assert "limit" in streamed.json()["detail"]
    small = {"documents": [{"id": "small", "published": "2024-10-29", "text": "Iran sent drones to Russia."}]}
    ok = httpx.post(f"{ingest_url}/api/v1/ingest", json=small, headers=auth, timeout=120)
    assert ok.status_code == 200, ok.text


def test_only_the_configured_host_names_are_answered(ingest_url: str) -> None:
    assert httpx.get(f"{ingest_url}/api/v1/summary").status_code == 200
    rebound = httpx.get(f"{ingest_url}/api/v1/summary", headers={"Host": "attacker.example"})
    assert rebound.status_code == 400
    assert httpx.get(f"{ingest_url}/", headers={"Host": "localhost"}).status_code == 200


def test_the_allowed_names_follow_the_address(tmp_path: Path) -> None:
    assert default_allowed_hosts("127.0.0.1") == ("127.0.0.1", "localhost", "::1", "[::1]")
    assert default_allowed_hosts("10.0.0.5", ["armswatch.lan"])[-2:] == ("armswatch.lan", "10.0.0.5")
    assert default_allowed_hosts("0.0.0.0") is None
    assert default_allowed_hosts("0.0.0.0", ["armswatch.lan"]) == (
        "127.0.0.1",
        "localhost",
        "::1",
        "[::1]",
        "armswatch.lan",
    )


def test_short_tokens_are_refused(db: Path) -> None:
    with pytest.raises(ApiConfigError, match="at least 16 characters"):
        create_app(db, allow_ingest=True, token="short")
    result = CliRunner().invoke(
        cli, ["serve", "--db", str(db), "--allow-ingest", "--token", "0123456789abcde"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == "error: the ingest token must be at least 16 characters, not 15"


def test_binding_beyond_loopback_is_warned_about(
    db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import uvicorn

    bound: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, log_level: bound.append(host))
    with caplog.at_level(logging.WARNING, logger="armswatch.api.app"):
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 0 and bound == ["0.0.0.0"]
    messages = [r.getMessage() for r in caplog.records]
    assert any("not a loopback address" in m for m in messages)
    assert any("--allowed-host" in m for m in messages)
    assert exposure_warnings("127.0.0.1", allow_ingest=False, allowed_hosts=("127.0.0.1",)) == []
