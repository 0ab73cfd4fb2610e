"""The learned reader of the events stage: its slots, its features, its model file and how the
extractor uses it. Sentences are our own."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from armswatch.events.candidate import Candidate
from armswatch.events.learned import (
    FORMS,
    LearnedWords,
    RelationModel,
    Scorer,
    Slot,
    shipped_model,
    slots,
    tokens,
)
from armswatch.events.lexicon import load_lexicon
from armswatch.models import EVENT_TYPES, Article, Mention, ParsedArticle, Sentence
from armswatch.pipeline import Processor

ROOT = Path(__file__).resolve().parent.parent
WORDS = LearnedWords.from_lexicon(load_lexicon())
KINDS = {"KEN": "state", "TUR": "state", "baykar": "company"}


def _article(text: str, mentions: list[tuple[str, str]]) -> ParsedArticle:
    """One-sentence article whose actor mentions are the given (surface, id) pairs."""
    found = []
    for surface, ident in mentions:
        start = text.index(surface)
        found.append(
            Mention(
                kind="actor", start=start, end=start + len(surface), text=surface, value=ident, sentence=0
            )
        )
    article = Article(
        doc_id="d1",
        source="test",
        text=text,
        content_hash="h",
        fetched_at="2024-05-03T00:00:00Z",
        published="2024-05-02",
    )
    return ParsedArticle(
        article=article, sentences=(Sentence(index=0, start=0, end=len(text)),), mentions=tuple(found)
    )


def _rule(etype: str, source: tuple[str, ...], target: tuple[str, ...], end: int) -> Candidate:
    return Candidate(
        type=etype,
        source=source,
        target=target,
        weapons=(),
        factuality="certain",
        attributed_to=None,
        date=None,
        location=None,
        sentence_start=0,
        sentence_end=end,
        trigger="",
        rule="test",
        confidence=0.9,
    )


def test_tokens_fold_case_digits_and_endings() -> None:
    toks = tokens("Turkey Supplied 24 drones", 100)
    assert [t.norm for t in toks] == ["turkey", "suppl", "00", "dron"]
    assert (toks[0].start, toks[0].end) == (100, 106)


def test_a_sentence_with_two_actors_has_every_way_to_fill_the_roles() -> None:
    text = "Turkey delivered drones to Kenya last year."
    found = slots(_article(text, [("Turkey", "TUR"), ("Kenya", "KEN")]), [], kinds=KINDS, words=WORDS)
    ways = sorted((s.form, s.first, s.second or "") for s in found)
    assert ways == [
        ("directed", "KEN", "TUR"),
        ("directed", "TUR", "KEN"),
        ("joint", "KEN", "TUR"),
        ("single", "KEN", ""),
        ("single", "TUR", ""),
    ]
    forward = next(s for s in found if s.form == "directed" and s.first == "TUR")
    assert "ord=ab" in forward.features
    assert "ab>deliver" in forward.features  # the words between the two, in order of reading
    assert "ab>c=arms_transfer" in forward.features  # "delivered" is a transfer cue of the lexicon
    backward = next(s for s in found if s.form == "directed" and s.first == "KEN")
    assert "ord=ba" in backward.features


def test_what_the_rules_read_is_a_feature_of_the_slot() -> None:
    text = "Turkey delivered drones to Kenya last year."
    parsed = _article(text, [("Turkey", "TUR"), ("Kenya", "KEN")])
    rule = _rule("arms_transfer", ("TUR",), ("KEN",), len(text))
    found = {(s.form, s.first): s for s in slots(parsed, [rule], kinds=KINDS, words=WORDS)}
    assert "rs=arms_transfer" in found[("directed", "TUR")].features
    assert "rr=arms_transfer" in found[("directed", "KEN")].features


def test_a_dateline_names_nobody_acting() -> None:
    text = "Turkey delivered drones to Kenya."
    parsed = _article(text, [("Turkey", "TUR"), ("Kenya", "KEN")])
    found = slots(parsed, [], kinds=KINDS, words=WORDS, skip=lambda m: m.value == "TUR")
    assert {s.first for s in found} == {"KEN"}


def _model(weight: float = 5.0) -> RelationModel:
    return RelationModel(
        scorers={
            ("arms_transfer", "directed"): Scorer(weights={"ab>deliver": weight}, bias=-2.0, threshold=0.5)
        },
        version="test",
    )


def test_a_model_proposes_what_it_believes_and_the_rules_missed() -> None:
    text = "Baykar delivered drones to Kenya, officials said."
    parsed = _article(text, [("Baykar", "baykar"), ("Kenya", "KEN")])
    out = _model().propose(parsed, [], kinds=KINDS, words=WORDS, company_states={"baykar": "TUR"})
    assert [(c.type, c.source, c.target, c.rule) for c in out] == [
        ("arms_transfer", ("TUR", "baykar"), ("KEN",), "learned:arms_transfer:directed")
    ]
    assert out[0].factuality == "certain"
    assert 0.5 <= out[0].confidence <= 1.0


def test_a_model_stays_quiet_below_its_threshold_and_where_a_rule_read_the_same() -> None:
    text = "Baykar delivered drones to Kenya."
    parsed = _article(text, [("Baykar", "baykar"), ("Kenya", "KEN")])
    assert _model(weight=0.1).propose(parsed, [], kinds=KINDS, words=WORDS, company_states={}) == []
    rule = _rule("arms_transfer", ("TUR", "baykar"), ("KEN",), len(text))
    assert _model().propose(parsed, [rule], kinds=KINDS, words=WORDS, company_states={}) == []


def test_a_hedged_or_negated_sentence_gives_a_hedged_or_negated_event() -> None:
    for text, expected in (
        ("Baykar may have delivered drones to Kenya.", "possible"),
        ("Baykar never delivered drones to Kenya.", "negated"),
    ):
        parsed = _article(text, [("Baykar", "baykar"), ("Kenya", "KEN")])
        (cand,) = _model().propose(parsed, [], kinds=KINDS, words=WORDS, company_states={})
        assert cand.factuality == expected


def test_a_model_file_is_checked_when_read() -> None:
    with pytest.raises(ValueError, match="unknown form"):
        RelationModel.from_dict(
            {
                "scorers": [
                    {"type": "arms_transfer", "form": "sideways", "bias": 0, "threshold": 0.5, "weights": {}}
                ]
            }
        )
    with pytest.raises(ValueError, match="must be a list"):
        RelationModel.from_dict({"scorers": {}})


def test_the_shipped_model_covers_known_types_and_forms_only() -> None:
    model = shipped_model()
    assert model is not None and model.scorers
    for etype, form in model.scorers:
        assert etype in EVENT_TYPES and form in FORMS
    for scorer in model.scorers.values():
        assert 0.0 < scorer.threshold < 1.0


@pytest.mark.slow
def test_the_parse_features_end_at_the_root_of_a_verbless_sentence(proc: Processor) -> None:
    # A headline with no verb: the word that governs a mention is searched up to the root and
    # must stop there (it once looped for ever on such a sentence).
    text = "Kenya's new drones from Turkey."
    parsed = _article(text, [("Kenya", "KEN"), ("Turkey", "TUR")])
    doc = proc.extractor.nlp(text)
    found = slots(parsed, [], kinds=KINDS, words=WORDS, parses={0: doc})
    directed = next(s for s in found if s.form == "directed" and s.first == "TUR")
    assert any(f.startswith("path=") for f in directed.features)
    assert any(f.startswith("agov=") for f in directed.features)


@pytest.mark.slow
def test_the_extractor_adds_learned_events_only_when_it_has_a_model(proc: Processor) -> None:
    from armswatch.events import EventExtractor

    text = "Baykar delivered drones to Kenya in March, the company said."
    parsed = _article(text, [("Baykar", "baykar"), ("Kenya", "KEN")])
    base = EventExtractor(proc.extractor.nlp, lexicon=proc.extractor.lex, company_states={"baykar": "TUR"})
    learned = EventExtractor(
        proc.extractor.nlp,
        lexicon=proc.extractor.lex,
        company_states={"baykar": "TUR"},
        relations=RelationModel(
            scorers={
                ("tech_transfer", "directed"): Scorer(weights={"ab>deliver": 5.0}, bias=-2.0, threshold=0.5)
            },
            version="test",
        ),
    )
    assert not any(e.type == "tech_transfer" for e in base.extract(parsed))
    added = [e for e in learned.extract(parsed) if e.type == "tech_transfer"]
    assert [(e.source, e.target, e.rule) for e in added] == [
        (("TUR", "baykar"), ("KEN",), "learned:tech_transfer:directed")
    ]


def _train_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("armswatch_train", ROOT / "scripts" / "train.py")
    assert spec is not None and spec.loader is not None
    sys.path.insert(0, str(ROOT / "scripts"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_training_is_deterministic_and_learns_the_cue_between_the_parties() -> None:
    pytest.importorskip("sklearn")
    train = _train_module()
    sentence = Sentence(index=0, start=0, end=10)
    examples = []
    for i in range(60):
        told = i % 2 == 0
        feats = ("ab>deliver", "ord=ab") if told else ("ab>met", "ord=ab")
        slot = Slot(sentence, "directed", "TUR", "KEN", (*feats, f"w=noise{i % 7}"))
        examples.append(
            train.Example(
                slot=slot,
                story=f"s{i % 10}",
                label=told,
                in_document=told,
                covered=False,
                etype="arms_transfer",
            )
        )
    first = train.train(examples, c=1.0, precision=0.5, folds=5, report=False)
    second = train.train(examples, c=1.0, precision=0.5, folds=5, report=False)
    assert first == second
    (scorer,) = first["scorers"]
    assert scorer["weights"]["ab>deliver"] > 0 > scorer["weights"]["ab>met"]


def test_who_tells_of_a_deed_is_not_a_party_to_it() -> None:
    text = "Baykar delivered drones to Kenya, Turkey said."
    parsed = _article(text, [("Baykar", "baykar"), ("Kenya", "KEN"), ("Turkey", "TUR")])
    model = RelationModel(
        scorers={("arms_transfer", "directed"): Scorer(weights={"ord=ab": 5.0}, bias=-2.0, threshold=0.5)},
        version="test",
    )
    out = model.propose(parsed, [], kinds=KINDS, words=WORDS, company_states={})
    assert {(c.source, c.target) for c in out} == {(("baykar",), ("KEN",))}


def test_a_learned_event_takes_the_one_time_its_sentence_names() -> None:
    text = "Baykar delivered drones to Kenya in 2019."
    parsed = _article(text, [("Baykar", "baykar"), ("Kenya", "KEN")])
    start = text.index("2019")
    when = Mention(kind="time", start=start, end=start + 4, text="2019", value="2019", sentence=0)
    dated = ParsedArticle(
        article=parsed.article, sentences=parsed.sentences, mentions=(*parsed.mentions, when)
    )
    (cand,) = _model().propose(dated, [], kinds=KINDS, words=WORDS, company_states={})
    assert cand.date == "2019"
    (undated,) = _model().propose(parsed, [], kinds=KINDS, words=WORDS, company_states={})
    assert undated.date is None
