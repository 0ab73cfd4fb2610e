"""The knowledge base: shipped files valid, complete and sorted; overlays add, replace, fail clearly."""

from __future__ import annotations

import csv
import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pycountry
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from armswatch.cli import cli
from armswatch.events.lexicon import lexicon_of
from armswatch.kb import KB, KBError, check_kb, load_kb, load_toml
from armswatch.models import WEAPON_CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
KB_DIR = ROOT / "src" / "armswatch" / "kb"


def _kb() -> KB:
    return load_kb()


def _aliases(text: str) -> dict[str, tuple[str, bool, bool]]:
    """actor id -> (kind, exact_case, ambiguous) for every alias written exactly ``text``."""
    return {a.actor_id: (a.kind, a.exact_case, a.ambiguous) for a in _kb().aliases if a.text == text}


def _write(directory: Path, name: str, rows: list[list[str]]) -> Path:
    path = directory / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


ALIAS_HEADER = ["alias", "actor_id", "kind", "case", "note"]
CONFLICT_HEADER = ["id", "side_a", "side_b", "places", "start", "end", "note"]


# --- the shipped KB -------------------------------------------------------------------------


def test_kb_shipped_files_have_no_problems() -> None:
    assert check_kb() == []


def test_kb_every_iso_code_is_a_state_actor() -> None:
    actors = _kb().actors
    missing = [c.alpha_3 for c in pycountry.countries if actors.get(c.alpha_3) is None]
    assert missing == []
    assert all(actors[c.alpha_3].kind == "state" for c in pycountry.countries)


def test_kb_state_ids_are_iso_codes_except_kosovo() -> None:
    states = {a.id for a in _kb().actors.values() if a.kind == "state"}
    non_iso = {code for code in states if pycountry.countries.get(alpha_3=code) is None}
    assert non_iso == {"XKX"}


def test_kb_every_state_has_a_name_alias() -> None:
    kb = _kb()
    named = {a.actor_id for a in kb.aliases if a.kind in {"name", "short"}}
    assert [s for s, actor in kb.actors.items() if actor.kind == "state" and s not in named] == []


def test_kb_references_point_to_known_actors() -> None:
    kb = _kb()
    assert all(a.actor_id in kb.actors for a in kb.aliases)
    assert all(p.state in kb.actors for p in kb.people)
    assert all(p.state is None or kb.actors[p.state].kind == "state" for p in kb.places)
    assert all(w.maker is None or kb.actors[w.maker].kind == "state" for w in kb.weapons)
    for actor in kb.actors.values():
        assert all(member in kb.actors for member in actor.members)


def test_kb_aliases_shared_by_two_actors_are_marked_ambiguous() -> None:
    owners: dict[str, set[str]] = {}
    for alias in _kb().aliases:
        owners.setdefault(alias.text.casefold(), set()).add(alias.actor_id)
    shared = {text for text, ids in owners.items() if len(ids) > 1}
    assert shared, "the KB is expected to hold some shared aliases (Korea, Congo)"
    for alias in _kb().aliases:
        if alias.text.casefold() in shared:
            assert alias.ambiguous, alias


@pytest.mark.parametrize(
    ("text", "actor_id", "exact"),
    [
        ("North Korea", "PRK", False),
        ("DPRK", "PRK", True),
        ("Pyongyang", "PRK", False),
        ("North Korean", "PRK", False),
        ("KCNA", "PRK", True),
        ("Rodong Sinmun", "PRK", False),
        ("Russia", "RUS", False),
        ("Russian Federation", "RUS", False),
        ("Moscow", "RUS", False),
        ("Kremlin", "RUS", False),
        ("the Kremlin", "RUS", False),
        ("Africa Corps", "africa_corps", False),
        ("US", "USA", True),
        ("U.S.", "USA", True),
        ("USA", "USA", True),
        ("White House", "USA", False),
        ("Pentagon", "USA", False),
        ("Foggy Bottom", "USA", False),
        ("State Department", "USA", False),
        ("Defense Department", "USA", False),
        ("Department of Defense", "USA", False),
        ("OFAC", "USA", True),
        ("Bureau of Industry and Security", "USA", False),
        ("DSCA", "USA", True),
        ("Seoul", "KOR", False),
        ("ROK", "KOR", True),
        ("South Korean", "KOR", False),
        ("NIS", "KOR", True),
        ("Beijing", "CHN", False),
        ("Zhongnanhai", "CHN", False),
        ("PRC", "CHN", True),
        ("People's Liberation Army", "CHN", False),
        ("Taipei", "TWN", False),
        ("ROC", "TWN", True),
        ("Tehran", "IRN", False),
        ("IRGC", "IRN", True),
        ("Kyiv", "UKR", False),
        ("New Delhi", "IND", False),
        ("Islamabad", "PAK", False),
        ("Rawalpindi", "PAK", False),
        ("UK", "GBR", True),
        ("U.K.", "GBR", True),
        ("Downing Street", "GBR", False),
        ("Whitehall", "GBR", False),
        ("Elysee", "FRA", False),
        ("Bundeswehr", "DEU", False),
        ("Ankara", "TUR", False),
        ("Türkiye", "TUR", False),
        ("Jerusalem", "ISR", False),
        ("IDF", "ISR", True),
        ("Mossad", "ISR", False),
        ("Minsk", "BLR", False),
        ("Abu Dhabi", "ARE", False),
        ("UAE", "ARE", True),
        ("Emirati", "ARE", False),
        ("Riyadh", "SAU", False),
        ("KSA", "SAU", True),
        ("Port Sudan", "SDN", False),
        ("Khartoum", "SDN", False),
        ("Bamako", "MLI", False),
        ("Naypyidaw", "MMR", False),
        ("Burma", "MMR", False),
        ("Yerevan", "ARM", False),
        ("Baku", "AZE", False),
        ("Belgrade", "SRB", False),
        ("Warsaw", "POL", False),
        ("Czechia", "CZE", False),
        ("Czech Republic", "CZE", False),
        ("Ivory Coast", "CIV", False),
        ("Vietnam", "VNM", False),
        ("Laos", "LAO", False),
        ("Kosovo", "XKX", False),
        ("Security Council", "UNSC", False),
        ("UN Security Council", "UNSC", False),
        ("UNSC", "UNSC", True),
        ("1718 Committee", "UNSC", False),
        ("Panel of Experts", "UNSC", True),
        ("General Assembly", "UN", False),
        ("Secretary-General", "UN", False),
        ("Quad", "QUAD", True),
        ("Multilateral Sanctions Monitoring Team", "MSMT", False),
        ("Shanghai Cooperation Organization", "SCO", False),
        ("Houthis", "houthis", False),
        ("Ansar Allah", "houthis", False),
        ("Rapid Support Forces", "rsf", False),
        ("Wagner Group", "wagner", False),
        ("Rosoboronexport", "rosoboronexport", False),
        ("Amnesty International", "amnesty_international", False),
    ],
)
def test_kb_alias_resolves(text: str, actor_id: str, exact: bool) -> None:
    found = _aliases(text)
    assert actor_id in found, f"{text!r} -> {sorted(found)}"
    assert found[actor_id][1] is exact


@pytest.mark.parametrize(
    ("text", "actor_ids"),
    [
        ("Georgia", {"GEO"}),
        ("Jordan", {"JOR"}),
        ("Chad", {"TCD"}),
        ("Niger", {"NER"}),
        ("Guinea", {"GIN"}),
        ("Washington", {"USA"}),
        ("Congo", {"COD", "COG"}),
        ("Korea", {"KOR", "PRK"}),
        ("Korean", {"KOR", "PRK"}),
        ("the North", {"PRK"}),
        ("the South", {"KOR"}),
        ("National Security Council", {"USA"}),
    ],
)
def test_kb_ambiguous_aliases_are_marked(text: str, actor_ids: set[str]) -> None:
    found = _aliases(text)
    assert set(found) == actor_ids
    assert all(ambiguous for _, _, ambiguous in found.values())


def test_kb_brussels_is_not_an_alias_of_the_eu() -> None:
    assert "EU" not in _aliases("Brussels")


def test_kb_china_is_not_ambiguous() -> None:
    assert _aliases("China") == {"CHN": ("short", True, False)}


@pytest.mark.parametrize(
    "demonym",
    [
        "North Korean",
        "Russian",
        "Iranian",
        "Chinese",
        "Ukrainian",
        "Indian",
        "Pakistani",
        "Israeli",
        "Emirati",
        "Sudanese",
        "Saudi",
        "Turkish",
        "Polish",
        "German",
        "French",
        "British",
        "American",
        "Japanese",
        "South Korean",
        "Taiwanese",
        "Belarusian",
        "Syrian",
        "Serbian",
        "Armenian",
        "Azerbaijani",
        "Malian",
        "Burmese",
        "Filipino",
        "Philippine",
    ],
)
def test_kb_demonym_is_listed(demonym: str) -> None:
    assert any(kind == "demonym" for kind, _, _ in _aliases(demonym).values())


def test_kb_demonyms_cover_eighty_states() -> None:
    states = {
        a.actor_id for a in _kb().aliases if a.kind == "demonym" and _kb().actors[a.actor_id].kind == "state"
    }
    assert len(states) >= 80


def test_kb_organisation_members_are_as_published() -> None:
    actors = _kb().actors
    assert set(actors["QUAD"].members) == {"AUS", "IND", "JPN", "USA"}
    assert set(actors["AUKUS"].members) == {"AUS", "GBR", "USA"}
    assert len(actors["NATO"].members) == 32
    assert len(actors["EU"].members) == 27


def test_kb_state_of() -> None:
    kb = _kb()
    assert kb.state_of("PRK") == "PRK"
    assert kb.state_of("hyundai_rotem") == "KOR"
    assert kb.state_of("wagner") == "RUS"
    assert kb.state_of("UNSC") is None
    assert kb.state_of("hamas") is None
    assert kb.state_of("no_such_actor") is None


# --- people ---------------------------------------------------------------------------------


def _offices(person_id: str, role: str) -> list[tuple[str, str, str | None]]:
    return sorted(
        (p.state, p.valid_from, p.valid_to) for p in _kb().people if p.id == person_id and p.role == role
    )


@pytest.mark.parametrize(
    ("person_id", "role", "offices"),
    [
        ("park_geun_hye", "head_of_state", [("KOR", "2013-02-25", "2017-03-10")]),
        ("moon_jae_in", "head_of_state", [("KOR", "2017-05-10", "2022-05-09")]),
        ("yoon_suk_yeol", "head_of_state", [("KOR", "2022-05-10", "2025-04-04")]),
        ("lee_jae_myung", "head_of_state", [("KOR", "2025-06-04", None)]),
        ("marco_rubio", "foreign_minister", [("USA", "2025-01-21", None)]),
        ("sergei_shoigu", "defence_minister", [("RUS", "2012-11-06", "2024-05-12")]),
        ("andrei_belousov", "defence_minister", [("RUS", "2024-05-14", None)]),
        ("jens_stoltenberg", "secretary_general", [("NATO", "2014-10-01", "2024-10-01")]),
        ("mark_rutte", "secretary_general", [("NATO", "2024-10-01", None)]),
        ("antonio_guterres", "secretary_general", [("UN", "2017-01-01", None)]),
        ("donald_trump", "head_of_state", [("USA", "2017-01-20", "2021-01-20"), ("USA", "2025-01-20", None)]),
    ],
)
def test_kb_person_offices(person_id: str, role: str, offices: list[tuple[str, str, str | None]]) -> None:
    assert _offices(person_id, role) == offices


def test_kb_us_secretaries_of_state_in_order() -> None:
    rows = sorted(
        (p.valid_from, p.id) for p in _kb().people if p.state == "USA" and p.role == "foreign_minister"
    )
    assert [person for _, person in rows] == [
        "john_kerry",
        "rex_tillerson",
        "mike_pompeo",
        "antony_blinken",
        "marco_rubio",
    ]


def test_kb_people_at_picks_the_office_holder() -> None:
    kb = _kb()

    def holder(state: str, role: str, when: str) -> set[str]:
        return {p.id for p in kb.people_at(when) if p.state == state and p.role == role}

    assert holder("KOR", "head_of_state", "2023-03-01") == {"yoon_suk_yeol"}
    assert holder("RUS", "defence_minister", "2024-05-13") == set()
    assert holder("RUS", "defence_minister", "2024-05") == {"sergei_shoigu", "andrei_belousov"}
    assert "kim_jong_un" in {p.id for p in kb.people_at(None)}
    with pytest.raises(ValueError, match="not a date"):
        kb.people_at("May 2024")


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31)))
def test_kb_people_at_partial_dates_widen(day: date) -> None:
    kb = _kb()
    text = day.isoformat()
    on_day = set(kb.people_at(text))
    in_month = set(kb.people_at(text[:7]))
    in_year = set(kb.people_at(text[:4]))
    assert on_day <= in_month <= in_year
    assert set(kb.people_at((day + timedelta(days=1)).isoformat())) <= in_year | set(
        kb.people_at(str(day.year + 1))
    )


def test_kb_person_surface_forms_name_one_person() -> None:
    owner: dict[str, str] = {}
    for person in _kb().people:
        assert person.surface[0] == person.name
        for text in person.surface:
            assert owner.setdefault(text.casefold(), person.id) == person.id, text


def test_kb_titles_map_to_roles() -> None:
    titles = _kb().titles
    assert titles["president"] == "head_of_state"
    assert titles["secretary of state"] == "foreign_minister"
    assert titles["external affairs minister"] == "foreign_minister"
    assert titles["defense secretary"] == "defence_minister"
    assert titles["spokesman"] == "spokesperson"


# --- weapons and places ---------------------------------------------------------------------


def test_kb_weapon_terms_are_lower_case_with_contract_categories() -> None:
    for weapon in _kb().weapons:
        assert weapon.term == weapon.term.lower()
        assert weapon.category in WEAPON_CATEGORIES


@pytest.mark.parametrize(
    ("term", "category", "maker"),
    [
        ("artillery shells", "ammunition", None),
        ("152mm", "ammunition", None),
        ("howitzers", "artillery", None),
        ("multiple rocket launchers", "rockets", None),
        ("interceptors", "missiles", None),
        ("spy satellite", "satellites", None),
        ("enriched uranium", "nuclear", None),
        ("microelectronics", "components", None),
        ("kn-23", "missiles", "PRK"),
        ("hwasong-19", "missiles", "PRK"),
        ("shahed-136", "drones", "IRN"),
        ("geran-2", "drones", "RUS"),
        ("s-400", "air_defence", "RUS"),
        ("oreshnik", "missiles", "RUS"),
        ("atacms", "missiles", "USA"),
        ("himars", "rockets", "USA"),
        ("rafale", "aircraft", "FRA"),
        ("k2", "armoured_vehicles", "KOR"),
        ("k9", "artillery", "KOR"),
        ("brahmos", "missiles", "IND"),
        ("bayraktar tb2", "drones", "TUR"),
        ("leopard 2", "armoured_vehicles", "DEU"),
    ],
)
def test_kb_weapon_term(term: str, category: str, maker: str | None) -> None:
    found = [w for w in _kb().weapons if w.term == term]
    assert len(found) == 1
    assert (found[0].category, found[0].maker) == (category, maker)


@pytest.mark.parametrize(
    ("name", "state", "kind"),
    [
        ("Kursk", "RUS", "region"),
        ("Vostochny Cosmodrome", "RUS", "site"),
        ("Indo-Pacific", None, "region"),
        ("Qingdao", "CHN", "city"),
        ("Red Sea", None, "sea"),
        ("Port Sudan", "SDN", "city"),
        ("Pyongyang", "PRK", "city"),
    ],
)
def test_kb_place(name: str, state: str | None, kind: str) -> None:
    found = [p for p in _kb().places if p.name == name]
    assert [(p.state, p.kind) for p in found] == [(state, kind)]


def test_kb_conflicts_name_their_parties_and_run_in_their_years() -> None:
    wars = {c.id: c for c in _kb().conflicts}
    assert wars["sudan_2023"].parties == ("SDN", "rsf")
    assert wars["russia_ukraine"].sides == (("RUS",), ("UKR",))
    running = {c.id for c in _kb().conflicts_at("2021-06-01")}
    assert "russia_ukraine" not in running and "yemen_2015" in running
    assert "israel_hezbollah" in {c.id for c in _kb().conflicts_at("2024")}
    assert "israel_hezbollah" not in {c.id for c in _kb().conflicts_at("2025-03")}


def test_kb_overlay_adds_a_war(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "conflicts.csv",
        [CONFLICT_HEADER, ["iraq_isis", "IRQ", "isis", "Mosul City", "2014", "2017", ""]],
    )
    _write(tmp_path, "places.csv", [["name", "state", "kind"], ["Mosul City", "IRQ", "city"]])
    (war,) = [c for c in load_kb(tmp_path).conflicts if c.id == "iraq_isis"]
    assert (war.parties, war.places, war.end) == (("IRQ", "isis"), ("Mosul City",), "2017")


# --- loading, caching, overlays -------------------------------------------------------------


def test_kb_load_is_cached() -> None:
    assert load_kb() is load_kb()


def test_kb_overlay_adds_and_replaces_rows(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "aliases.csv",
        [
            ALIAS_HEADER,
            ["Hermit Kingdom", "PRK", "metonym", "any", ""],
            ["Pyongyang", "PRK", "metonym", "any", "x"],
        ],
    )
    _write(tmp_path, "places.csv", [["name", "state", "kind"], ["Kursk", "RUS", "city"]])
    (tmp_path / "VERSION").write_text("local-1\n", encoding="utf-8")
    kb = load_kb(tmp_path)
    assert kb is not load_kb()
    assert kb.version == load_kb().version + "+local-1"
    assert {a.actor_id for a in kb.aliases if a.text == "Hermit Kingdom"} == {"PRK"}
    assert [a.kind for a in kb.aliases if (a.text, a.actor_id) == ("Pyongyang", "PRK")] == ["metonym"]
    assert [p.kind for p in kb.places if p.name == "Kursk"] == ["city"]
    assert len(kb.aliases) == len(load_kb().aliases) + 1


def test_kb_overlay_cache_ignores_path_spelling(tmp_path: Path) -> None:
    _write(tmp_path, "aliases.csv", [ALIAS_HEADER, ["Hermit Kingdom", "PRK", "metonym", "any", ""]])
    assert load_kb(tmp_path) is load_kb(str(tmp_path))


@pytest.mark.parametrize(
    ("name", "rows", "line", "reason"),
    [
        (
            "aliases.csv",
            [ALIAS_HEADER, ["Hermit Kingdom", "PRK", "metonym", "any", ""], ["X", "XYZ", "name", "any", ""]],
            3,
            "unknown actor id 'XYZ'",
        ),
        ("aliases.csv", [ALIAS_HEADER, ["Jordan", "jordan_fc", "name", "any", ""]], 2, "unknown actor id"),
        ("aliases.csv", [ALIAS_HEADER, ["Seoul", "PRK", "capital", "any", ""]], 2, "also names KOR"),
        (
            "aliases.csv",
            [["alias", "actor_id", "kind"], ["Seoul", "KOR", "capital"]],
            1,
            "missing column(s) case, note",
        ),
        ("aliases.csv", [ALIAS_HEADER, ["Seoul", "KOR", "capital", "sometimes", ""]], 2, "case must be"),
        (
            "actors.csv",
            [["id", "kind", "name", "state", "members", "note"], ["ABC", "state", "Abc", "", "", ""]],
            2,
            "not an ISO 3166-1",
        ),
        (
            "actors.csv",
            [["id", "kind", "name", "state", "members", "note"], ["acme", "company", "Acme", "XYZ", "", ""]],
            2,
            "state 'XYZ'",
        ),
        (
            "people.csv",
            [
                ["id", "name", "aliases", "state", "role", "valid_from", "valid_to", "note"],
                ["a_b", "A B", "", "PRK", "other", "2020-02-30", "", ""],
            ],
            2,
            "not a calendar date",
        ),
        (
            "people.csv",
            [
                ["id", "name", "aliases", "state", "role", "valid_from", "valid_to", "note"],
                ["a_b", "A B", "", "PRK", "other", "2021-01-01", "2020-01-01", ""],
            ],
            2,
            "before valid_from",
        ),
        (
            "people.csv",
            [
                ["id", "name", "aliases", "state", "role", "valid_from", "valid_to", "note"],
                ["a_b", "A B", "Putin", "PRK", "other", "2021-01-01", "", ""],
            ],
            2,
            "also names vladimir_putin",
        ),
        (
            "weapons.csv",
            [["term", "category", "kind", "maker", "note"], ["death ray", "lasers", "generic", "", ""]],
            2,
            "unknown weapon category",
        ),
        (
            "weapons.csv",
            [["term", "category", "kind", "maker", "note"], ["Death Ray", "other", "generic", "", ""]],
            2,
            "must be lower-case",
        ),
        ("places.csv", [["name", "state", "kind"], ["Atlantis", "", "lost city"]], 2, "unknown place kind"),
        ("titles.csv", [["title", "role", "note"], ["Grand Vizier", "vizier", ""]], 2, "unknown role"),
        (
            "conflicts.csv",
            [
                CONFLICT_HEADER,
                ["gulf_1991", "IRQ", "USA;KWT", "", "1991", "", ""],
                ["gulf_x", "IRQ", "", "", "1991", "", ""],
            ],
            3,
            "side_b names no party",
        ),
        (
            "conflicts.csv",
            [CONFLICT_HEADER, ["x_war", "IRQ", "isil", "", "2014", "", ""]],
            2,
            "unknown actor id 'isil'",
        ),
        (
            "conflicts.csv",
            [CONFLICT_HEADER, ["x_war", "IRQ", "IRQ;isis", "", "2014", "", ""]],
            2,
            "IRQ on both sides",
        ),
        (
            "conflicts.csv",
            [CONFLICT_HEADER, ["x_war", "IRQ", "isis", "Mosul", "2014", "", ""]],
            2,
            "place 'Mosul'",
        ),
        (
            "conflicts.csv",
            [CONFLICT_HEADER, ["x_war", "IRQ", "isis", "", "2014", "2013", ""]],
            2,
            "before start",
        ),
        (
            "conflicts.csv",
            [CONFLICT_HEADER, ["x_war", "IRQ", "isis", "", "", "", ""]],
            2,
            "start '' is not YYYY",
        ),
        (
            "conflicts.csv",
            [CONFLICT_HEADER, ["x_war", "IRQ", "isis", "", "2014-13", "", ""]],
            2,
            "start '2014-13'",
        ),
        (
            "conflicts.csv",
            [CONFLICT_HEADER, ["X War", "IRQ", "isis", "", "2014", "", ""]],
            2,
            "lower-case slug",
        ),
    ],
)
def test_kb_broken_overlay_names_file_and_line(
    tmp_path: Path, name: str, rows: list[list[str]], line: int, reason: str
) -> None:
    path = _write(tmp_path, name, rows)
    with pytest.raises(KBError) as caught:
        load_kb(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert reason in message
    assert isinstance(caught.value, ValueError)
    assert check_kb(tmp_path)[0] == message


def test_kb_overlay_state_outside_iso_needs_the_mark(tmp_path: Path) -> None:
    header = ["id", "kind", "name", "state", "members", "note"]
    _write(tmp_path, "actors.csv", [header, ["XSO", "state", "Somaliland", "", "", "non-ISO: self-declared"]])
    assert "XSO" in load_kb(tmp_path).actors


def test_kb_overlay_rows_out_of_order_are_reported_by_check_only(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "aliases.csv",
        [
            ALIAS_HEADER,
            ["Zion", "ISR", "metonym", "any", ""],
            ["Hermit Kingdom", "PRK", "metonym", "any", ""],
        ],
    )
    assert "Hermit Kingdom" in {a.text for a in load_kb(tmp_path).aliases}
    assert check_kb(tmp_path) == [
        f"{tmp_path / 'aliases.csv'}:3: not sorted: 'Hermit Kingdom' belongs before the line above"
    ]


def test_kb_overlay_unknown_file_and_missing_directory(tmp_path: Path) -> None:
    (tmp_path / "alias.csv").write_text("alias\n", encoding="utf-8")
    (problem,) = check_kb(tmp_path)
    assert problem.startswith(f"{tmp_path / 'alias.csv'}: unknown KB file")
    with pytest.raises(KBError, match="not a directory"):
        load_kb(tmp_path / "nowhere")


def test_kb_overlay_collects_every_problem(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "aliases.csv",
        [ALIAS_HEADER, ["A", "XYZ", "name", "any", ""], ["B", "QQQ", "nickname", "any", ""]],
    )
    with pytest.raises(KBError) as caught:
        load_kb(tmp_path)
    assert len(caught.value.problems) == 3


# --- the generator --------------------------------------------------------------------------


def test_kb_generated_rows_are_current() -> None:
    script = ROOT / "scripts" / "build_states.py"
    if not script.exists():
        pytest.skip("scripts/ is not shipped with the package")
    spec = importlib.util.spec_from_file_location("build_states", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.build().items():
        assert (KB_DIR / name).read_text(encoding="utf-8") == text, f"{name}: run scripts/build_states.py"


# --- TOML files through the same loader and overlay --------------------------------------------


def test_kb_toml_files_ride_along_with_the_kb() -> None:
    kb = load_kb()
    assert "cue" in kb.toml("triggers.toml")
    assert "words" in kb.toml("stopwords.toml")
    assert "regimes" in kb.toml("sanctions.toml")
    assert load_toml("stopwords.toml") == dict(kb.toml("stopwords.toml"))


def test_kb_overlay_merges_toml_words_and_entries(tmp_path: Path) -> None:
    (tmp_path / "stopwords.toml").write_text('words = ["zzyzx", "about"]\n', encoding="utf-8")
    (tmp_path / "triggers.toml").write_text(
        '[nouns]\ntroops = ["legionnaires"]\n\n'
        '[[cue]]\ntype = "meeting"\nframe = "visit"\npos = "verb"\nlemmas = ["huddle"]\n',
        encoding="utf-8",
    )
    shipped = load_kb()
    kb = load_kb(tmp_path)
    words = kb.toml("stopwords.toml")["words"]
    assert isinstance(words, list)
    assert words.count("about") == 1 and words[-1] == "zzyzx"
    nouns = kb.toml("triggers.toml")["nouns"]
    assert isinstance(nouns, dict)
    assert "legionnaires" in nouns["troops"] and "soldiers" in nouns["troops"]
    cues = kb.toml("triggers.toml")["cue"]
    assert isinstance(cues, list)
    assert len(cues) == len(shipped.toml("triggers.toml")["cue"]) + 1  # type: ignore[arg-type]
    lex = lexicon_of(kb)
    assert "legionnaires" in lex.troop_nouns
    assert any(c.words == ("huddle",) for c in lex.cues)


def test_kb_overlay_regime_with_a_shipped_id_replaces_it(tmp_path: Path) -> None:
    (tmp_path / "sanctions.toml").write_text(
        '[[regimes]]\nid = "car"\nname = "Replaced"\nresolutions = ["2127"]\n\n'
        '[[regimes.measures]]\nresolution = "2127"\nclause = "§54"\ntypes = ["arms_transfer"]\n'
        'direction = "to"\ntargets = ["CAF"]\nweapons = ["*"]\nfrom = "2013-12-05"\nbans = "supply"\n',
        encoding="utf-8",
    )
    regimes = load_kb(tmp_path).toml("sanctions.toml")["regimes"]
    assert isinstance(regimes, list)
    assert [r["name"] for r in regimes if r["id"] == "car"] == ["Replaced"]


@pytest.mark.parametrize("name", ["triggers.toml", "stopwords.toml", "sanctions.toml"])
def test_kb_broken_toml_in_an_overlay_is_named(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("words = [\n", encoding="utf-8")
    (problem,) = check_kb(tmp_path)
    assert problem.startswith(f"{path}: "), problem
    with pytest.raises(KBError, match=name):
        load_kb(tmp_path)


def test_kb_overlay_toml_of_the_wrong_shape_is_reported(tmp_path: Path) -> None:
    (tmp_path / "stopwords.toml").write_text("words = [1, 2]\n", encoding="utf-8")
    (tmp_path / "sanctions.toml").write_text('[[regimes]]\nid = "x"\n', encoding="utf-8")
    problems = check_kb(tmp_path)
    assert any(p.startswith(f"{tmp_path / 'stopwords.toml'}: words") for p in problems)
    assert any(p.startswith(f"{tmp_path / 'sanctions.toml'}: ") for p in problems)


def test_kb_overlay_unknown_toml_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "trigger.toml").write_text("", encoding="utf-8")
    (problem,) = check_kb(tmp_path)
    assert problem.startswith(f"{tmp_path / 'trigger.toml'}: unknown KB file")


def test_cli_kb_check_reports_a_broken_overlay_toml(tmp_path: Path) -> None:
    (tmp_path / "triggers.toml").write_text("[nouns\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["kb", "check", "--kb", str(tmp_path)])
    assert result.exit_code != 0
    assert f"{tmp_path / 'triggers.toml'}: " in result.output


def test_cli_kb_check_judges_overlay_cues_with_the_lexicon(tmp_path: Path) -> None:
    (tmp_path / "triggers.toml").write_text(
        '[[cue]]\ntype = "meeting"\nframe = "wander"\npos = "verb"\nlemmas = ["huddle"]\n', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["kb", "check", "--kb", str(tmp_path)])
    assert result.exit_code != 0
    assert "unknown frame 'wander'" in result.output


def test_kb_overlay_weapon_phrase_category_must_be_known(tmp_path: Path) -> None:
    (tmp_path / "triggers.toml").write_text('[weapon_phrases]\ngun_heavy = "cannons"\n', encoding="utf-8")
    (problem,) = check_kb(tmp_path)
    assert problem == f"{tmp_path / 'triggers.toml'}: weapon_phrases: unknown weapon category 'cannons'"
