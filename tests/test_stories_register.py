"""The arms-transfer register: deal details read from sentences written for these tests,
grouped across reports as SIPRI's trade register reads."""

from __future__ import annotations

from typing import Any

import pytest

from armswatch.kb import load_kb
from armswatch.stories import update
from armswatch.stories.register import (
    SIPRI_FIELDS,
    DealWords,
    Designations,
    group_reports,
    read_deal,
    read_status,
    read_value,
    register_entries,
)
from stories_support import article, event, new_store, save

KB = load_kb()
DESIGNATIONS = Designations.from_kb(KB)
WORDS = DealWords.from_kb(KB)


def member(evidence: str, **kw: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "event_id": "e1",
        "doc_id": "d1",
        "type": "arms_transfer",
        "source": ["KOR"],
        "target": ["POL"],
        "weapons": ["armoured_vehicles"],
        "factuality": "certain",
        "attributed_to": None,
        "date": "2022-08",
        "evidence": evidence,
        "relation": "support",
        "outlet": "Wire A",
        "url": "https://example.org/d1",
        "published": "2022-08-27",
    }
    fields.update(kw)
    return fields


def only_deal(evidence: str, **kw: Any) -> Any:
    (deal,) = read_deal(member(evidence, **kw), DESIGNATIONS, WORDS)
    return deal


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("Warsaw signed a contract for 180 K2 tanks from Seoul.", "K2"),
        ("Iran shipped Fath-360 missiles to Russia, officials said.", "Fath-360"),
        ("Washington delivered ATACMS to Kyiv in secret.", "ATACMS"),
        ("Pyongyang supplied KN-23 missiles to Moscow.", "KN-23"),
    ],
)
def test_register_reads_the_designation(sentence: str, written: str) -> None:
    assert only_deal(sentence).written == written


def test_register_prefers_the_longest_designation() -> None:
    assert only_deal("Poland ordered K2 Black Panther tanks.").designation == "k2 black panther"


@pytest.mark.parametrize(
    ("sentence", "number", "qualifier"),
    [
        ("Warsaw ordered six K2 tanks for trials.", 6, "exact"),
        ("The United States has sent at least 24 ATACMS to Ukraine.", 24, "over"),
        ("Poland signed for 180 K2 tanks and 212 K9 howitzers.", 180, "exact"),
    ],
)
def test_register_reads_the_number(sentence: str, number: int, qualifier: str) -> None:
    deal = read_deal(member(sentence), DESIGNATIONS, WORDS)[0]
    assert (deal.number, deal.number_qualifier) == (number, qualifier)


def test_register_gives_each_designation_its_own_number() -> None:
    deals = read_deal(member("Poland signed for 180 K2 tanks and 212 K9 howitzers."), DESIGNATIONS, WORDS)
    assert [(d.written, d.number) for d in deals] == [("K2", 180), ("K9", 212)]


def test_register_reads_a_number_of_units() -> None:
    deal = only_deal("Pyongyang sent more than 1,000 containers of KN-23 parts to Russia.")
    assert (deal.number, deal.number_qualifier, deal.unit) == (1000, "over", "containers")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The deal is worth $6.5 billion over ten years.", (6.5e9, "USD")),
        ("a contract of 3.4 billion euros", (3.4e9, "EUR")),
        ("priced at US$ 300 million", (3e8, "USD")),
        ("No money was named.", None),
    ],
)
def test_register_reads_the_value(text: str, value: tuple[float, str] | None) -> None:
    assert read_value(text) == value


@pytest.mark.parametrize(
    ("sentence", "factuality", "status"),
    [
        ("Seoul offered K2 tanks to Warsaw.", "certain", "offered"),
        ("Warsaw requested more K9 howitzers.", "certain", "requested"),
        ("Poland signed a deal to deliver 180 K2 tanks by 2025.", "certain", "ordered"),
        ("The first ten K2 tanks arrived in Gdynia.", "certain", "delivered"),
        ("Russia fired KN-23 missiles at Kharkiv.", "certain", "in_use"),
        ("Warsaw cancelled the order for K9 howitzers.", "negated", "cancelled"),
        ("Seoul may sell K2 tanks to Romania.", "possible", "offered"),
        ("Seoul transferred K2 tanks to Warsaw.", "certain", "delivered"),
        ("Paris and Delhi are negotiating a deal for Scorpène submarines.", "certain", "offered"),
        ("Paris and Delhi are negotiating over Scorpène submarines.", "certain", "offered"),
    ],
)
def test_register_reads_the_status(sentence: str, factuality: str, status: str) -> None:
    assert read_status(sentence, factuality, WORDS) == status


def test_register_a_deal_reported_once() -> None:
    (entry,) = group_reports(
        [
            (
                {"type": "arms_transfer", "source": ["KOR"], "target": ["POL"]},
                [member("Poland signed a $3.4 billion contract for 180 K2 tanks.", date="2022-08")],
            )
        ],
        DESIGNATIONS,
        WORDS,
    )
    row = entry.as_sipri()
    assert list(row) == list(SIPRI_FIELDS)
    assert (row["supplier"], row["recipient"], row["designation"], row["number_ordered"]) == (
        "KOR",
        "POL",
        "K2",
        180,
    )
    assert (row["year_of_order"], row["status"], row["value"], row["currency"]) == (
        2022,
        "ordered",
        3.4e9,
        "USD",
    )
    assert row["number_delivered"] is None and row["years_of_delivery"] is None
    assert "https://example.org/d1" in row["comments"] and "180 K2 tanks" in row["comments"]


def test_register_a_deal_reported_by_three_outlets_with_different_details() -> None:
    members = [
        member(
            "Poland signed a contract for 180 K2 tanks.",
            event_id="a",
            doc_id="a",
            outlet="Wire A",
            date="2022-08",
            published="2022-08-27",
        ),
        member(
            "The K2 deal with Warsaw is worth $3.4 billion.",
            event_id="b",
            doc_id="b",
            outlet="Paper B",
            date=None,
            published="2022-08-28",
        ),
        member(
            "The first ten K2 tanks arrived in Gdynia.",
            event_id="c",
            doc_id="c",
            outlet="Port News",
            date="2022-12-06",
            published="2022-12-07",
        ),
    ]
    (entry,) = group_reports(
        [({"type": "arms_transfer", "source": ["KOR"], "target": ["POL"]}, members)], DESIGNATIONS, WORDS
    )
    assert (entry.number_ordered, entry.number_delivered) == (180, 10)
    assert (entry.year_of_order, entry.years_of_delivery) == (2022, (2022,))
    assert (entry.status, entry.value, entry.currency) == ("delivered", 3.4e9, "USD")
    assert [s["outlet"] for s in entry.as_row()["sources"]] == ["Wire A", "Paper B", "Port News"]
    assert entry.weapon_description == "armoured vehicles made in KOR"


def test_register_skips_context_and_reports_without_a_designation() -> None:
    members = [
        member("Poland bought tanks from Seoul."),
        member("UN rules prohibit the sale of K2 tanks.", relation="context"),
    ]
    assert (
        group_reports(
            [({"type": "arms_transfer", "source": ["KOR"], "target": ["POL"]}, members)], DESIGNATIONS, WORDS
        )
        == []
    )


DEAL = "Poland signed a contract for 180 K2 tanks and 212 K9 howitzers, the defence ministry said."
ARRIVAL = "The first ten K2 tanks arrived in the port of Gdynia on Tuesday, Polish officials said."


def test_register_entries_from_a_store() -> None:
    store = new_store()
    deal = event(
        "deal",
        DEAL,
        source=("KOR",),
        target=("POL",),
        weapons=("armoured_vehicles", "artillery"),
        date="2022-08",
    )
    arrival = event(
        "arrive", ARRIVAL, source=("KOR",), target=("POL",), weapons=("armoured_vehicles",), date="2022-12-06"
    )
    save(store, article("deal", DEAL, published="2022-08-27", outlet="Wire A"), [deal])
    save(store, article("arrive", ARRIVAL, published="2022-12-07", outlet="Port News"), [arrival])
    update(store)
    entries = register_entries(store.read, KB)
    assert [(e.designation, e.number_ordered, e.number_delivered, e.status) for e in entries] == [
        ("K2", 180, 10, "delivered"),
        ("K9", 212, None, "ordered"),
    ]
    assert [e.designation for e in register_entries(store.read, KB, designation="k9")] == ["K9"]
    assert register_entries(store.read, KB, supplier="USA") == []
    assert [e.designation for e in register_entries(store.read, KB, status="delivered")] == ["K2"]


def test_cli_register_lists_and_exports_sipri_columns(tmp_path: Any) -> None:
    import csv
    import io

    from click.testing import CliRunner

    from armswatch.cli import cli
    from armswatch.store import open_store

    db = tmp_path / "r.db"
    with open_store(db) as store:
        deal = event(
            "deal", DEAL, source=("KOR",), target=("POL",), weapons=("armoured_vehicles",), date="2022-08"
        )
        save(store, article("deal", DEAL, published="2022-08-27", outlet="Wire A"), [deal])
        update(store)
    runner = CliRunner()
    result = runner.invoke(cli, ["register", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "K2" in result.output and "K9" in result.output and "Wire A" in result.output
    result = runner.invoke(cli, ["register", "--db", str(db), "--format", "csv", "--designation", "K9"])
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(row) == list(SIPRI_FIELDS)
    assert (row["supplier"], row["recipient"], row["number_ordered"], row["year_of_order"]) == (
        "KOR",
        "POL",
        "212",
        "2022",
    )
    assert DEAL in row["comments"] and "Wire A" in row["comments"]


def test_api_register_lists_entries_and_speaks_sipri_csv(tmp_path: Any) -> None:
    import csv
    import io

    import httpx

    from api_support import serve
    from armswatch.store import open_store

    db = tmp_path / "r.db"
    with open_store(db) as store:
        deal = event(
            "deal", DEAL, source=("KOR",), target=("POL",), weapons=("armoured_vehicles",), date="2022-08"
        )
        save(store, article("deal", DEAL, published="2022-08-27", outlet="Wire A"), [deal])
        update(store)
    with serve(db) as url:
        page = httpx.get(f"{url}/api/v1/register", params={"recipient": "POL"}).json()
        assert [e["designation"] for e in page["items"]] == ["K2", "K9"]
        assert page["items"][0]["sources"][0]["outlet"] == "Wire A"
        text = httpx.get(f"{url}/api/v1/register", params={"format": "csv", "designation": "K2"}).text
        (row,) = list(csv.DictReader(io.StringIO(text)))
        assert list(row) == list(SIPRI_FIELDS) and row["number_ordered"] == "180"
        assert httpx.get(f"{url}/api/v1/register", params={"supplier": "USA"}).json()["items"] == []
