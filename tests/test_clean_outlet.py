"""Outlet names from page cues."""

from __future__ import annotations

import pytest

from armswatch.clean.outlet import match_case, outlet_from_cue, recase, split_title_suffix, tidy_outlet


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Discover more from The Nordic Brief", "The Nordic Brief"),
        ("MORE FROM THE CORAL SEA TIMES", "THE CORAL SEA TIMES"),
        ("© 2024 Example Gazette Media Ltd. All rights reserved. | About", "Example Gazette"),
        ("Copyright © 2023 Harbour Wire | Powered by Some Theme", "Harbour Wire"),
        ("Example Digest © 2022. Independent analysis.", "Example Digest"),
        ("© 2025 Balkan Courier d.o.o. All rights reserved.", "Balkan Courier"),
        ("PACIFIC NEWS STREAM", "PACIFIC NEWS STREAM"),
        ("ASIA WIRE - NEWS STREAM", "ASIA WIRE"),
        ("More on the war in Ukraine", None),
        ("The minister said the talks would continue.", None),
    ],
)
def test_outlet_from_cue(line: str, name: str | None) -> None:
    assert outlet_from_cue(line) == name


def test_outlet_recase_and_match_case() -> None:
    assert recase("THE RHINE POST") == "The Rhine Post"
    assert recase("GULF & HORN OBSERVER") == "Gulf & Horn Observer"
    assert recase("MegaloPreneur") == "MegaloPreneur"
    assert (
        match_case("HARBOUR CITY TRIBUNE", "© 2022 Harbour City Tribune Publishing Group")
        == "Harbour City Tribune"
    )
    assert match_case("SAHEL WIRE", "no other spelling") == "Sahel Wire"


def test_outlet_tidy_rejects_sentences() -> None:
    assert tidy_outlet("This site uses cookies to improve your experience and show you relevant ads") is None
    assert tidy_outlet("  Example Media Group  ") == "Example"


def test_outlet_title_suffix() -> None:
    assert split_title_suffix("Navy commissions frigate | Harbour Gazette", (" | ", " - ")) == (
        "Navy commissions frigate",
        "Harbour Gazette",
    )
    assert split_title_suffix("Talks end - no deal", (" | ", " - ")) == ("Talks end - no deal", None)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("ArmsWire — Defence and arms trade news", "ArmsWire"),
        ("Eastgate Monitor Foundation", "Eastgate Monitor"),
        ("the Tidewater Courier", "The Tidewater Courier"),
        ("The Frontline Ledger", "The Frontline Ledger"),
    ],
)
def test_outlet_tidy_drops_taglines_and_foundations(raw: str, name: str) -> None:
    assert tidy_outlet(raw) == name


def test_outlet_match_case_capitalises_a_leading_article() -> None:
    assert (
        match_case("THE MONSOON BULLETIN", "Discover more from the Monsoon Bulletin")
        == "The Monsoon Bulletin"
    )
