"""Sanctions regimes as data, and the flags they raise on facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.kb import load_kb
from armswatch.stories import FactSummary, check_regimes, flags_for, load_regimes
from armswatch.stories.sanctions import SanctionsError, describe_fact


def fact(**kw: object) -> FactSummary:
    fields: dict[str, object] = {
        "fact_id": "f1",
        "type": "arms_transfer",
        "source": ("PRK",),
        "target": ("RUS",),
        "weapons": ("ammunition",),
        "factuality": "certain",
        "weakest_factuality": "certain",
        "date": "2023-09",
        "first_reported": "2023-10-02",
        "last_reported": "2023-10-05",
        "n_events": 2,
        "n_outlets": 2,
        "n_contradictions": 0,
        "story_id": None,
        "summary": "",
    }
    fields.update(kw)
    return FactSummary(**fields)  # type: ignore[arg-type]


def flags(**kw: object) -> list[tuple[str, str, str, str]]:
    found = flags_for(fact(**kw), load_regimes(), load_kb())
    return [(f.regime, f.resolution, f.clause, f.status) for f in found]


def test_sanctions_shipped_file_is_valid_and_sorted() -> None:
    assert check_regimes() == []
    regimes = load_regimes()
    assert [r.id for r in regimes] == sorted(r.id for r in regimes)
    ids = {r.id for r in regimes}
    assert {"dprk", "iran", "libya", "south_sudan", "sudan_darfur", "yemen", "isil_al_qaida"} <= ids
    dprk = next(r for r in regimes if r.id == "dprk")
    assert set(dprk.resolutions) >= {"1718", "1874", "2087", "2094", "2270", "2321", "2371", "2375", "2397"}


def test_sanctions_dprk_arms_transfer_is_flagged_with_reasoning() -> None:
    found = flags_for(fact(), load_regimes(), load_kb())
    assert len(found) == 1
    flag = found[0]
    assert (flag.regime, flag.resolution, flag.clause, flag.status) == ("dprk", "1874", "§9", "breach")
    assert flag.reasoning.startswith("arms_transfer PRK→RUS, ammunition, 2023-09: UNSCR 1874 §9 ")
    assert "procurement from the DPRK" in flag.reasoning


def test_sanctions_major_arms_from_dprk_cite_1718_first() -> None:
    assert flags(weapons=("artillery",)) == [("dprk", "1718", "§8(b)", "breach")]


@pytest.mark.parametrize("status", ["claimed", "hedged", "disputed"])
def test_sanctions_a_fact_not_reported_is_an_alleged_breach(status: str) -> None:
    note = "asserted only by involved UKR; 1 outlet"
    found = flags_for(fact(status=status, status_note=note), load_regimes(), load_kb())
    assert [f.status for f in found] == ["alleged_breach"]
    assert f"; {status}: {note}" in found[0].reasoning


def test_sanctions_a_breach_needs_a_reported_fact() -> None:
    assert flags(status="reported") == [("dprk", "1874", "§9", "breach")]


def test_sanctions_denied_fact_raises_nothing() -> None:
    assert flags(factuality="negated", status="denied") == []


def test_sanctions_transfer_between_unsanctioned_states_is_not_flagged() -> None:
    assert flags(source=("FRA",), target=("IND",), weapons=("aircraft",), date="2025-04") == []


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2022-09", [("iran", "2231", "Annex B §4", "breach")]),
        ("2023-10-17", [("iran", "2231", "Annex B §4", "breach")]),
        ("2023-10-18", []),
        ("2024-05", []),
        ("2025-09-27", []),
        ("2025-11", [("iran", "1747", "§5", "contested")]),
    ],
)
def test_sanctions_iranian_missile_transfer_depends_on_the_date(
    date: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert flags(source=("IRN",), target=("RUS",), weapons=("missiles",), date=date) == expected


def test_sanctions_contested_flag_says_who_contests() -> None:
    found = flags_for(
        fact(source=("IRN",), target=("RUS",), weapons=("drones",), date="2026-01"), load_regimes()
    )
    assert [f.status for f in found] == ["contested"]
    assert "Russia and China" in found[0].reasoning


def test_sanctions_undated_fact_is_checked_at_its_first_report() -> None:
    undated = {"source": ("IRN",), "target": ("RUS",), "weapons": ("drones",), "date": None}
    assert flags(**undated, first_reported="2022-10-20") == [("iran", "2231", "Annex B §4", "breach")]
    assert flags(**undated, first_reported="2024-02-01") == []
    text = describe_fact(fact(**undated, first_reported="2022-10-20"))
    assert text == "arms_transfer IRN→RUS, drones, undated, first reported 2022-10-20"


def test_sanctions_company_counts_as_its_state() -> None:
    assert flags(source=("komid",), target=("SYR",), weapons=("missiles",), date="2019") == [
        ("dprk", "1718", "§8(b)", "breach")
    ]


def test_sanctions_small_arms_to_dprk_only_after_2270() -> None:
    small = {"source": ("RUS",), "target": ("PRK",), "weapons": ("small_arms",)}
    assert flags(**small, date="2012") == []
    assert flags(**small, date="2017") == [("dprk", "2270", "§6", "breach")]


def test_sanctions_dprk_missile_test() -> None:
    assert flags(
        type="weapons_test", source=("PRK",), target=(), weapons=("missiles",), date="2025-01-06"
    ) == [("dprk", "1718", "§2", "breach")]


def test_sanctions_conditional_embargo_is_potential() -> None:
    assert flags(source=("ARE",), target=("rsf",), weapons=("drones",), date="2025-05") == [
        ("sudan_darfur", "1556", "§7", "potential")
    ]


def test_sanctions_houthi_embargo() -> None:
    assert flags(source=("IRN",), target=("houthis",), weapons=("missiles",), date="2025-07") == [
        ("yemen", "2216", "§14", "breach")
    ]


BROKEN = """
[[regimes]]
id = "zeta"
name = "Z"
resolutions = ["1"]

[[regimes.measures]]
resolution = "1"
clause = "§1"
types = ["arms_transfer"]
direction = "to"
targets = ["NOWHERE"]
weapons = ["lasers"]
from = "2020-01-01"
until = "2019-01-01"
bans = "bans things"

[[regimes]]
id = "alpha"
name = "A"
resolutions = ["2"]

[[regimes.measures]]
resolution = "2"
clause = "§2"
types = ["weapons_test"]
direction = "to"
targets = ["PRK"]
weapons = ["*"]
from = "2020-01-01"
bans = "bans tests"
"""


def test_sanctions_check_reports_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "sanctions.toml"
    path.write_text(BROKEN, encoding="utf-8")
    problems = check_regimes(path)
    text = "\n".join(problems)
    assert "unknown actor id 'NOWHERE'" in text
    assert "weapons must be categories" in text
    assert "until '2019-01-01' must be a YYYY-MM-DD date after from" in text
    assert "not sorted: belongs before 'zeta'" in text
    assert "direction 'by' goes with types = ['weapons_test']" in text
    with pytest.raises(SanctionsError):
        load_regimes(path)


def test_sanctions_check_reports_bad_toml(tmp_path: Path) -> None:
    path = tmp_path / "sanctions.toml"
    path.write_text("[[regimes]\n", encoding="utf-8")
    problems = check_regimes(path)
    assert len(problems) == 1 and problems[0].startswith(str(path))
