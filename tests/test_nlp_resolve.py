"""Resolution rules on our own sentences: aliases, people by date, titles, back-references,
groups, weapons, quantities and places."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.kb import KB, load_kb
from armswatch.models import Article, Mention
from armswatch.nlp import find_mentions

KB_DIR = Path(__file__).parent / "data" / "nlp" / "kb"


@pytest.fixture(scope="module")
def kb() -> KB:
    return load_kb(overlay=KB_DIR)


def _mentions(kb: KB, text: str, published: str = "2023-09-15", kind: str = "actor") -> list[Mention]:
    article = Article(
        doc_id="t", source="t", text=text, content_hash="h", fetched_at="2024-01-01", published=published
    )
    return [m for m in find_mentions(article, kb=kb).mentions if m.kind == kind]


def _actors(kb: KB, text: str, published: str = "2023-09-15") -> list[tuple[str, str | None, str]]:
    return [(m.text, m.value, m.ref) for m in _mentions(kb, text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North Korea fired a missile.", [("North Korea", "PRK", "alias")]),
        ("The DPRK denied it.", [("DPRK", "PRK", "alias")]),
        ("Pyongyang denied it.", [("Pyongyang", "PRK", "capital")]),
        ("The Kremlin denied it.", [("The Kremlin", "RUS", "metonym")]),
        ("Officials at Foggy Bottom objected.", [("Foggy Bottom", "USA", "metonym")]),
        (
            "The Pentagon described China as a challenge.",
            [("The Pentagon", "USA", "ministry"), ("China", "CHN", "alias")],
        ),
        ("The ROK navy sailed.", [("ROK", "KOR", "alias")]),
        ("Let us see what the US does.", [("US", "USA", "alias")]),
        ("A North Korean regime spokesman", [("North Korean", "PRK", "demonym")]),
        ("North Koreans fought there.", [("North Koreans", "PRK", "demonym")]),
        ("The Russian Defence Ministry said so.", [("Russian", "RUS", "demonym")]),
        ("The South Korean navy sailed.", [("South Korean", "KOR", "demonym")]),
        ("Russia’s army and Russia's navy", [("Russia", "RUS", "alias"), ("Russia", "RUS", "alias")]),
        ("The US Department of Defense said so.", [("US Department of Defense", "USA", "ministry")]),
        ("He spoke at the UN Security Council.", [("UN Security Council", "UNSC", "body")]),
    ],
)
def test_resolve_alias_classes(kb: KB, text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert _actors(kb, text) == expected


def test_resolve_lowercase_proper_alias_does_not_match(kb: KB) -> None:
    assert _actors(kb, "the kremlin wall and the north pole and dprk") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Georgia voted.", []),
        (
            "Georgia voted, officials in Tbilisi said.",
            [("Georgia", "GEO", "alias"), ("Tbilisi", "GEO", "capital")],
        ),
        ("Washington objected.", []),
        (
            "Washington objected to the U.S. sale.",
            [("Washington", "USA", "capital"), ("U.S.", "USA", "alias")],
        ),
        ("The North fired a missile.", []),
        (
            "North Korea warned. The North fired.",
            [("North Korea", "PRK", "alias"), ("The North", "PRK", "alias")],
        ),
        (
            "South Korea warned. The South replied.",
            [("South Korea", "KOR", "alias"), ("The South", "KOR", "alias")],
        ),
    ],
)
def test_resolve_ambiguous_aliases_need_support(
    kb: KB, text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    assert _actors(kb, text) == expected


@pytest.mark.parametrize(
    ("text", "published", "value", "entity"),
    [
        ("President Moon visited Seoul's port.", "2019-03-01", "KOR", "moon_jae_in"),
        ("President Yoon visited the port.", "2023-03-01", "KOR", "yoon_suk_yeol"),
        ("Kim Jong Un watched the launch.", "2023-03-01", "PRK", "kim_jong_un"),
        ("Kim Jong-un watched the launch.", "2023-03-01", "PRK", "kim_jong_un"),
        ("Putin spoke.", "2023-03-01", "RUS", "vladimir_putin"),
        ("President Putin spoke.", "2023-03-01", "RUS", "vladimir_putin"),
        ("Defence Minister Belousov spoke.", "2024-06-01", "RUS", "andrei_belousov"),
        ("Defence Minister Shoigu spoke.", "2023-06-01", "RUS", "sergei_shoigu"),
    ],
)
def test_resolve_people_by_date(kb: KB, text: str, published: str, value: str, entity: str) -> None:
    first = _mentions(kb, text, published)[0]
    assert (first.value, first.entity, first.ref) == (value, entity, "person")
    assert first.text.split()[-1] in text


def test_resolve_title_and_name_form_one_mention(kb: KB) -> None:
    assert _actors(kb, "North Korean leader Kim Jong Un arrived.") == [
        ("North Korean leader Kim Jong Un", "PRK", "person")
    ]
    assert _actors(kb, "Kremlin spokesman Dmitry Peskov said no.") == [
        ("Kremlin spokesman Dmitry Peskov", "RUS", "person")
    ]


def test_resolve_bare_surname_is_the_last_person_of_that_name(kb: KB) -> None:
    text = "Kim Yo Jong spoke first. Then Kim Jong Un arrived. Kim said it was fine. Mr Kim left."
    found = [(m.text, m.entity) for m in _mentions(kb, text)]
    assert found == [
        ("Kim Yo Jong", "kim_yo_jong"),
        ("Kim Jong Un", "kim_jong_un"),
        ("Kim", "kim_jong_un"),
        ("Mr Kim", "kim_jong_un"),
    ]


def test_resolve_bare_surname_without_context_stays_unresolved(kb: KB) -> None:
    # two Kims in office in 2023 and neither named before: no guess
    assert _actors(kb, "Kim said it was fine.") == []
    # Moon left office in 2022 and was not named before
    assert _actors(kb, "Moon said it was fine.", "2023-01-01") == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The North Korean leader arrived.", "2023-09-15", ("North Korean leader", "PRK", "kim_jong_un")),
        (
            "Russia's foreign minister arrived.",
            "2023-09-15",
            ("Russia's foreign minister", "RUS", "sergei_lavrov"),
        ),
        ("The U.S. defense secretary arrived.", "2023-09-15", ("U.S. defense secretary", "USA", None)),
        (
            "The Indian defence minister arrived.",
            "2024-09-15",
            ("Indian defence minister", "IND", "rajnath_singh"),
        ),
        ("The President of Russia arrived.", "2023-09-15", ("President of Russia", "RUS", "vladimir_putin")),
        ("The Iranian foreign minister arrived.", "2023-09-15", ("Iranian foreign minister", "IRN", None)),
    ],
)
def test_resolve_title_of_a_state(
    kb: KB, text: str, published: str, expected: tuple[str, str, str | None]
) -> None:
    (m,) = _mentions(kb, text, published)
    text_, value, entity = expected
    assert (m.text, m.value, m.ref) == (text_, value, "title")
    if entity is not None:
        assert m.entity == entity


def test_resolve_titled_person_unknown_to_kb_takes_the_state_and_is_remembered(kb: KB) -> None:
    text = "Pentagon spokesman Patrick Ryder said so. Ryder added more."
    assert _actors(kb, text) == [
        ("Pentagon spokesman Patrick Ryder", "USA", "person"),
        ("Ryder", "USA", "person"),
    ]


def test_resolve_the_ministry_is_the_state_whose_ministry_was_named(kb: KB) -> None:
    text = "China's defence ministry protested on Friday. The ministry said the sales were illegal."
    assert ("The ministry", "CHN", "backref") in _actors(kb, text)
    # Without a ministry named before, "the ministry" stays nobody's.
    assert [a for a in _actors(kb, "China protested. The ministry said so.") if a[2] == "backref"] == []


def test_resolve_unknown_name_before_its_office_takes_the_state(kb: KB) -> None:
    """ "Name, Russia's deputy ambassador": the name is the state's; a deputy is not the holder."""
    text = "Maria Zabolotskaya, Russia's deputy ambassador to the United Nations, spoke. Zabolotskaya left."
    assert _actors(kb, text) == [
        ("Maria Zabolotskaya, Russia's deputy ambassador to the United Nations", "RUS", "person"),
        ("Zabolotskaya", "RUS", "person"),
    ]
    (m,) = _mentions(kb, "Russia's deputy foreign minister arrived.")
    assert (m.text, m.value, m.ref, m.entity) == ("Russia's deputy foreign minister", "RUS", "title", None)


@pytest.mark.parametrize(
    ("text", "phrase", "members"),
    [
        ("Kim Jong Un met Vladimir Putin. The two leaders spoke.", "The two leaders", ("PRK", "RUS")),
        ("India and Japan signed a pact. Both countries agreed.", "Both countries", ("IND", "JPN")),
        ("Russia talked to Ukraine. The two sides disagreed.", "The two sides", ("RUS", "UKR")),
        (
            "Russia, North Korea and China drilled. The three countries agreed.",
            "The three countries",
            ("RUS", "PRK", "CHN"),
        ),
        (
            "Putin met Kim Jong Un in Russia. Ties between the two countries grew.",
            "the two countries",
            ("RUS", "PRK"),
        ),
    ],
)
def test_resolve_backrefs_to_states(kb: KB, text: str, phrase: str, members: tuple[str, ...]) -> None:
    backrefs = [m for m in _mentions(kb, text) if m.ref == "backref"]
    assert [(m.text, m.value, m.members) for m in backrefs] == [(phrase, None, members)]


def test_resolve_two_leaders_prefers_people_over_places(kb: KB) -> None:
    text = "Kim Jong Un met Vladimir Putin near Ukraine. The two leaders spoke."
    (backref,) = [m for m in _mentions(kb, text) if m.ref == "backref"]
    assert backref.members == ("PRK", "RUS")


def test_resolve_backref_needs_enough_states(kb: KB) -> None:
    assert [m for m in _mentions(kb, "The two countries agreed with Russia.") if m.ref == "backref"] == []


def test_resolve_his_country_is_the_sentence_subject(kb: KB) -> None:
    text = "The Belarusian leader assured President Xi of his country's loyalty."
    his = [m for m in _mentions(kb, text) if m.text == "his country"]
    assert [(m.value, m.ref) for m in his] == [("BLR", "backref")]


def test_resolve_group_keeps_members(kb: KB) -> None:
    (quad,) = _mentions(kb, "The foreign ministers of the Quad met.")
    assert (quad.value, quad.members) == ("QUAD", ("AUS", "IND", "JPN", "USA"))


def test_resolve_weapons_with_maker_and_demonym(kb: KB) -> None:
    text = "Russia used KN-23 missiles and wants Russian missile technology and S-400s."
    weapons = [(m.text, m.value, m.ref) for m in _mentions(kb, text, kind="weapon")]
    assert weapons == [
        ("KN-23", "missiles", "maker:PRK"),
        ("missiles", "missiles", "generic"),
        ("missile", "missiles", "generic"),
        ("S-400s", "air_defence", "maker:RUS"),
    ]
    assert next(m.entity for m in _mentions(kb, text, kind="weapon")) == "kn-23"
    assert ("Russian", "RUS", "demonym") in _actors(kb, text)


def test_resolve_weapon_phrase_takes_one_category(kb: KB) -> None:
    # The head noun of a designation names the system; a part of it or a calibre does not.
    text = "China bought S-400 missiles and Su-35 engines; Armenia bought 155mm artillery guns."
    weapons = [(m.text, m.value) for m in _mentions(kb, text, kind="weapon")]
    assert weapons == [
        ("S-400", "air_defence"),
        ("missiles", "air_defence"),
        ("Su-35", "components"),
        ("engines", "components"),
        ("155mm", "artillery"),
        ("artillery", "artillery"),
        ("guns", "artillery"),
    ]


def test_resolve_guns_are_artillery_only_among_artillery(kb: KB) -> None:
    text = "Poland ordered K9 howitzers, 212 guns in all. Police seized guns in Belgrade."
    guns = [m.value for m in _mentions(kb, text, kind="weapon") if m.text == "guns"]
    assert guns == ["artillery", "small_arms"]


def test_resolve_variants_radars_and_space_technology(kb: KB) -> None:
    text = "Armenia bought Ground Master 200 radars; Poland builds the K2PL; Russia shares space technology."
    weapons = [(m.text, m.value) for m in _mentions(kb, text, kind="weapon")]
    assert weapons == [
        ("Ground Master 200", "air_defence"),
        ("radars", "air_defence"),
        ("K2PL", "armoured_vehicles"),
        ("space technology", "satellites"),
    ]


def test_resolve_quantities_next_to_weapons(kb: KB) -> None:
    text = "North Korea sent over 6 million artillery shells and dozens of ballistic missiles."
    quantities = [(m.text, m.value, m.ref, m.entity) for m in _mentions(kb, text, kind="quantity")]
    assert quantities == [
        ("6 million", "6000000", "over", "artillery shells"),
        ("dozens", "dozens", "exact", "ballistic missiles"),
    ]


def test_resolve_places_and_capitals_after_in(kb: KB) -> None:
    text = "Troops in Kursk and talks in Pyongyang and at the Vostochny Cosmodrome; Pyongyang agreed."
    places = [(m.text, m.value) for m in _mentions(kb, text, kind="place")]
    assert places == [
        ("Kursk", "Kursk"),
        ("Pyongyang", "Pyongyang"),
        ("Vostochny Cosmodrome", "Vostochny Cosmodrome"),
    ]
    assert [m.value for m in _mentions(kb, text)] == ["PRK", "PRK"]


def test_resolve_time_mentions_use_publication_date(kb: KB) -> None:
    times = _mentions(kb, "On Thursday Russia said it fired shells last year.", "2023-09-29", kind="time")
    assert [(m.text, m.value) for m in times] == [("Thursday", "2023-09-28"), ("last year", "2022")]


@pytest.mark.parametrize(
    "text",
    [
        "In 2003, Abdul Qadeer Khan sold designs. Khan later admitted it.",
        "The company's chief executive, Lee Yong-bae, signed.",
        "Defence Minister Yassin Ibrahim spoke.",
    ],
)
def test_resolve_one_word_name_inside_an_unknown_longer_name_is_not_a_kb_person(kb: KB, text: str) -> None:
    assert [m for m in _mentions(kb, text) if m.ref == "person" and m.entity is not None] == []


def test_resolve_plural_title_before_a_list_is_not_one_office(kb: KB) -> None:
    found = _actors(kb, "The foreign ministers of Australia, India and Japan met.")
    assert found == [("Australia", "AUS", "alias"), ("India", "IND", "alias"), ("Japan", "JPN", "alias")]
    (quad,) = _actors(kb, "The foreign ministers of the Quad met.")
    assert quad == ("foreign ministers of the Quad", "QUAD", "title")


def test_resolve_ambiguous_group_alias_is_supported_by_its_state(kb: KB) -> None:
    assert ("Wagner", "wagner", "alias") in _actors(kb, "Wagner fighters left Mali, Russia said.")
    assert _actors(kb, "Wagner wrote operas.") == []


def test_resolve_metonym_after_at_is_also_a_place(kb: KB) -> None:
    text = "Putin received him at the Kremlin. The Kremlin said so."
    places = [(m.text, m.value) for m in _mentions(kb, text, kind="place")]
    assert places == [("the Kremlin", "Kremlin")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moon said it was fine.", []),
        ("South Korea agreed. Moon said it was fine.", [("South Korea", "KOR"), ("Moon", "KOR")]),
        ("South Korea agreed. The Moon was full.", [("South Korea", "KOR")]),
        ("In South Korea, it was fine.", [("South Korea", "KOR")]),
    ],
)
def test_resolve_bare_family_name_needs_its_state_in_the_document(
    kb: KB, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t, v) for t, v, _ in _actors(kb, text, "2019-03-01")] == expected


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Putin made a visit to Pyongyang.", ["Pyongyang"]),
        ("India expressed its worries to Moscow.", []),
        ("Officials in Moscow and near Kursk agreed.", ["Moscow", "Kursk"]),
    ],
)
def test_resolve_place_cues(kb: KB, text: str, places: list[str]) -> None:
    assert [m.value for m in _mentions(kb, text, kind="place")] == places


def test_resolve_title_of_state_and_name_form_one_person(kb: KB) -> None:
    text = "He met the President of Russia, Vladimir Putin, in June."
    assert [(m.text, m.value, m.ref, m.entity) for m in _mentions(kb, text)] == [
        ("President of Russia, Vladimir Putin", "RUS", "person", "vladimir_putin")
    ]


def test_resolve_a_year_like_number_before_troops_is_a_count(kb: KB) -> None:
    text = "Russia sent 2000 troops in 2023."
    assert [(m.text, m.value) for m in _mentions(kb, text, kind="quantity")] == [("2000", "2000")]
    assert [(m.text, m.value) for m in _mentions(kb, text, kind="time")] == [("2023", "2023")]


def test_resolve_a_year_after_in_stays_a_year_before_a_weapon(kb: KB) -> None:
    text = "In 2023 missiles were fired."
    assert _mentions(kb, text, kind="quantity") == []
    assert [(m.text, m.value) for m in _mentions(kb, text, kind="time")] == [("2023", "2023")]
