"""The event lexicon (``kb/triggers.toml``): loading, validation and its use as the only source
of cue words. A malformed entry must raise one clear ``LexiconError`` naming the entry."""

from __future__ import annotations

import ast
import copy
import dataclasses
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import armswatch.events as events_pkg
from armswatch.events import EventExtractor, LexiconError, load_lexicon
from armswatch.events.lexicon import FRAMES, inflections, parse_lexicon
from armswatch.models import EVENT_TYPES, Article
from armswatch.pipeline import Processor

MINIMAL = Path(__file__).parent / "data" / "events" / "minimal_triggers.toml"


def minimal() -> dict[str, Any]:
    return tomllib.loads(MINIMAL.read_text(encoding="utf-8"))


def test_minimal_lexicon_loads_from_a_path() -> None:
    lex = load_lexicon(str(MINIMAL))
    assert {c.type for c in lex.cues} == {"arms_transfer", "meeting"}
    assert len(lex.cues) == 5
    [supply] = lex.cues_for("supply", "verb")
    assert (supply.type, supply.frame, supply.needs) == ("arms_transfer", "give", "arms_noun")
    [take] = lex.cues_for("take", "verb")
    assert take.words == ("take", "delivery")
    assert lex.cues_for("supply", "noun") == []
    assert lex.arms_nouns == {"arms", "weapons"}
    assert lex.prefilter.matches("Pyongyang shipped shells")
    assert not lex.prefilter.matches("Nothing happened today")
    assert not lex.prefilter.matches("The first firm shipshape")


def test_shipped_lexicon_covers_every_event_type() -> None:
    lex = load_lexicon()
    assert {c.type for c in lex.cues} == set(EVENT_TYPES)
    assert {c.frame for c in lex.cues} <= set(FRAMES)


def test_shipped_lexicon_lists_are_sorted() -> None:
    text = resources.files("armswatch.kb").joinpath("triggers.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    lists = [(f"cue #{n} ({c['type']}, {c['pos']})", c["lemmas"]) for n, c in enumerate(data["cue"], 1)]
    for table in ("nouns", "factuality", "attribution", "made_in", "anaphora"):
        lists += [(f"{table}.{k}", v) for k, v in data[table].items()]
    unsorted = [name for name, words in lists if words != sorted(words, key=str.casefold)]
    assert unsorted == []


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return change


BROKEN = [
    pytest.param(_set(("cue", 1, "type"), "arms_trade"), ("cue #2", "arms_trade"), id="cue-unknown-type"),
    pytest.param(_set(("cue", 0, "frame"), "gift"), ("cue #1", "'gift'"), id="cue-unknown-frame"),
    pytest.param(_set(("cue", 2, "pos"), "adjective"), ("cue #3", "pos"), id="cue-bad-pos"),
    pytest.param(_set(("cue", 1, "needs"), "tanks"), ("cue #2", "tanks"), id="cue-unknown-needs"),
    pytest.param(_set(("cue", 0, "lemmas"), "supply"), ("cue #1", "list"), id="cue-lemmas-not-a-list"),
    pytest.param(_set(("cue", 2, "lemmas"), ["meet", " "]), ("cue #3",), id="cue-blank-lemma"),
    pytest.param(_set(("cue", 0, "lemmas"), ["ship", 7]), ("cue #1",), id="cue-lemma-not-a-string"),
    pytest.param(_drop(("cue", 2, "lemmas")), ("cue #3",), id="cue-without-lemmas"),
    pytest.param(_drop(("cue", 0, "type")), ("cue #1",), id="cue-without-type"),
    pytest.param(_drop(("cue",)), ("[[cue]]",), id="no-cues"),
    pytest.param(_drop(("nouns", "arms")), ("nouns.arms",), id="nouns-arms-missing"),
    pytest.param(_set(("factuality", "modals"), "might"), ("factuality.modals",), id="modals-not-a-list"),
    pytest.param(_drop(("attribution", "verbs")), ("attribution.verbs",), id="reporting-verbs-missing"),
    pytest.param(_set(("nouns",), ["arms"]), ("[nouns]",), id="nouns-not-a-table"),
    pytest.param(_set(("cue",), ["supply"]), ("cue #1", "table"), id="cue-not-a-table"),
    pytest.param(_set(("cue", 0, "type"), ["arms_transfer"]), ("cue #1",), id="cue-type-not-a-string"),
    pytest.param(
        _set(("anaphora",), {"denial": ["claim"]}), ("anaphora.denial", "deed"), id="anaphora-speech-act"
    ),
    pytest.param(_set(("anaphora",), {"any": "decision"}), ("anaphora.any",), id="anaphora-not-a-list"),
    pytest.param(_set(("anaphora",), ["decision"]), ("[anaphora]",), id="anaphora-not-a-table"),
]


def test_event_nouns_point_back_to_their_deeds() -> None:
    """ "the launch" can only be a test; "the decision" any deed, never a speech act."""
    nouns = load_lexicon().event_nouns
    assert nouns["launch"] == {"weapons_test"}
    assert "arms_transfer" in nouns["decision"] and "sanction" in nouns["decision"]
    assert not nouns["decision"] & {"accusation", "demand", "denial", "threat_designation"}


@pytest.mark.parametrize(("change", "named"), BROKEN)
def test_broken_entry_is_named(change: Callable[[dict[str, Any]], None], named: tuple[str, ...]) -> None:
    data = copy.deepcopy(minimal())
    change(data)
    with pytest.raises(LexiconError) as info:
        parse_lexicon(data)
    message = str(info.value)
    assert message.startswith("triggers.toml: ")
    assert "\n" not in message
    for part in named:
        assert part in message


def test_broken_file_is_named_through_load_lexicon(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace('frame = "visit"', 'frame = "greet"')
    path = tmp_path / "triggers.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cue #3: unknown frame 'greet'"):
        load_lexicon(str(path))


def test_toml_syntax_error_is_a_lexicon_error(tmp_path: Path) -> None:
    path = tmp_path / "triggers.toml"
    path.write_text(MINIMAL.read_text(encoding="utf-8") + '\n[[cue]\ntype = "meeting"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"^triggers\.toml: .*line \d+") as info:
        load_lexicon(str(path))
    assert "\n" not in str(info.value)


def test_extractor_knows_only_the_words_of_its_lexicon(proc: Processor) -> None:
    """The events stage holds no word of its own: a lexicon without a cue finds no event for it."""
    extractor = EventExtractor(proc.extractor.nlp, lexicon=load_lexicon(str(MINIMAL)))
    text = (
        "Iran supplied Shahed drones to Russia in 2022. "
        "Iran sent Shahed drones to Russia in 2023. "
        "The European Union imposed sanctions on Iran in October 2022."
    )
    article = Article(
        doc_id="lex", source="test", text=text, content_hash="h", fetched_at="2025-01-01T00:00:00Z"
    )
    events = extractor.extract(proc.finder.find(article))
    assert [(e.type, e.source, e.target, e.weapons, e.date) for e in events] == [
        ("arms_transfer", ("IRN",), ("RUS",), ("drones",), "2022")
    ]


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("supply", "supplied"),
        ("ship", "shipped"),
        ("deliver", "delivering"),
        ("sell", "sold"),
        ("meet", "met"),
    ],
)
def test_inflections_cover_regular_and_irregular_forms(word: str, form: str) -> None:
    assert form in inflections(word)


def test_prefilter_needs_every_word_of_a_phrase() -> None:
    lex = load_lexicon()
    assert not lex.prefilter.matches("The central bank held its key rate.")
    assert lex.prefilter.matches("The two leaders held talks in Moscow.")


def test_prefilter_asks_for_what_a_cue_needs() -> None:
    """A cue that needs a weapon, a threat noun or a venue lets no sentence through without one."""
    lex = load_lexicon()
    # "exports"/"sales" are transfers only of arms: without a weapon the sentence is skipped.
    assert not lex.prefilter.matches("Ukraine's exports of rice rose 26 percent.", armed=False)
    assert lex.prefilter.matches("Ukraine's exports of rice rose 26 percent.", armed=True)
    assert lex.prefilter.matches("Serbia's exports of ammunition rose.", armed=False)
    # "described" designates a threat only next to a threat noun.
    assert not lex.prefilter.matches("Critics described the film as restrained.", armed=False)
    assert lex.prefilter.matches("Washington described Beijing as a pacing challenge.", armed=False)
    # "told X" is a meeting only where two parties or places are named.
    assert not lex.prefilter.matches("A spokesperson told reporters at a briefing.", named=1, armed=False)
    assert lex.prefilter.matches("Goita told Putin at the Kremlin.", named=3, armed=False)


def test_every_word_set_of_the_events_stage_comes_from_the_file() -> None:
    lex = load_lexicon()
    empty = [f.name for f in dataclasses.fields(lex.words) if not getattr(lex.words, f.name)]
    assert empty == []
    assert lex.un_ids == {"UN", "UNSC"}


def test_an_unknown_word_set_is_named(tmp_path: Path) -> None:
    path = tmp_path / "triggers.toml"
    path.write_text(MINIMAL.read_text(encoding="utf-8") + '\n[words]\ntalkers = ["chat"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"words\.talkers"):
        load_lexicon(str(path))


def test_the_events_modules_hold_no_word_sets_of_their_own() -> None:
    """Content words live in triggers.toml; only grammar.py keeps (grammar) word constants."""
    here = Path(events_pkg.__file__).parent
    found = []
    for path in sorted(here.glob("*.py")):
        if path.name == "grammar.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                call = node.value
                if isinstance(call.func, ast.Name) and call.func.id == "frozenset" and call.args:
                    arg = call.args[0]
                    if isinstance(arg, ast.Set) and all(isinstance(e, ast.Constant) for e in arg.elts):
                        names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                        found.append(f"{path.name}:{names}")
    # kinds.py and merge.py name event types of the contract, not words.
    assert [f for f in found if not f.startswith(("kinds.py", "merge.py"))] == []
