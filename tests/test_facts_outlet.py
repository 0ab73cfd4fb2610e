"""Facts by outlet: a fact matches when one of its reports comes from an article of that outlet,
the same on the API, the CLI and the Python API (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_support import serve
from armswatch import open_db
from armswatch.filters import FilterError, check_filters


def _by_outlet(db: Path) -> dict[str, set[str]]:
    """The oracle: outlet -> the facts with a report from it, read from each fact's events."""
    with open_db(db) as nb:
        found: dict[str, set[str]] = {}
        for fact in nb.facts():
            detail = nb.fact(fact["fact_id"])
            assert detail is not None
            for event in detail["events"]:
                found.setdefault(event["outlet"], set()).add(fact["fact_id"])
    return found


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[httpx.Client]:
    with serve(db) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


def test_the_fixture_has_facts_of_several_outlets(db: Path) -> None:
    expected = _by_outlet(db)
    everything = set().union(*expected.values())
    # Each outlet reports some of the facts, not all: a filter that did nothing would fail below.
    assert len(expected) >= 3
    assert all(0 < len(ids) < len(everything) for ids in expected.values())


def test_the_python_api_filters_facts_by_outlet(db: Path) -> None:
    expected = _by_outlet(db)
    with open_db(db) as nb:
        for outlet, ids in expected.items():
            assert {f["fact_id"] for f in nb.facts(outlet=outlet)} == ids, outlet
        # Blanks around the name are forgiven, as the other filters forgive them.
        outlet = sorted(expected)[0]
        assert {f["fact_id"] for f in nb.facts(outlet=f" {outlet} ")} == expected[outlet]
        assert nb.facts(outlet="No Such Outlet") == []
        with pytest.raises(ValueError, match="outlet must not be empty"):
            nb.facts(outlet="  ")


def test_the_api_filters_facts_by_outlet(client: httpx.Client, db: Path) -> None:
    expected = _by_outlet(db)
    for outlet, ids in expected.items():
        response = client.get("/api/v1/facts", params={"outlet": outlet, "limit": 1000})
        assert response.status_code == 200, response.text
        assert {f["fact_id"] for f in response.json()["items"]} == ids, outlet
    outlet, ids = next(iter(expected.items()))
    # With other filters, and in the CSV page.
    both = client.get("/api/v1/facts", params={"outlet": outlet, "type": "arms_transfer", "limit": 1000})
    with open_db(db) as nb:
        transfers = {f["fact_id"] for f in nb.facts(type="arms_transfer")}
    assert {f["fact_id"] for f in both.json()["items"]} == ids & transfers
    csv_page = client.get("/api/v1/facts", params={"outlet": outlet, "format": "csv", "limit": 1000})
    assert csv_page.status_code == 200
    assert len(csv_page.text.strip().splitlines()) == len(ids) + 1
    none = client.get("/api/v1/facts", params={"outlet": "No Such Outlet"})
    assert none.status_code == 200 and none.json()["items"] == []


def test_the_api_refuses_a_blank_outlet(client: httpx.Client) -> None:
    response = client.get("/api/v1/facts", params={"outlet": "   "})
    assert response.status_code == 422
    assert "outlet must not be empty" in response.text


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "armswatch", *args], capture_output=True, text=True, timeout=300
    )


def test_the_cli_filters_facts_by_outlet(db: Path) -> None:
    expected = _by_outlet(db)
    for outlet, ids in expected.items():
        result = _cli("facts", "--db", str(db), "--outlet", outlet, "--format", "json", "--limit", "1000")
        assert result.returncode == 0, result.stderr
        listed = {json.loads(line)["fact_id"] for line in result.stdout.splitlines() if line.strip()}
        assert listed == ids, outlet
    blank = _cli("facts", "--db", str(db), "--outlet", " ")
    assert blank.returncode == 2
    assert "outlet must not be empty" in blank.stderr


def test_the_shared_check_strips_and_refuses_blank_outlets() -> None:
    assert check_filters({"outlet": "  Alpha Post "}) == {"outlet": "Alpha Post"}
    with pytest.raises(FilterError, match="outlet must not be empty"):
        check_filters({"outlet": ""})
