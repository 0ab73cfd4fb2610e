"""Near-duplicate signatures and salient terms."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from armswatch.stories.cluster import (
    StoryConfig,
    add_to_centroid,
    choose_story,
    cosine,
    in_window,
    similarity_to,
    with_recent,
)
from armswatch.stories.sketch import NEAR_DUPLICATE, band_layout, buckets, shingles, signature, similarity
from armswatch.stories.terms import TermWeights, salient_terms, text_terms, tfidf
from stories_support import CRICKET, RAFALE, SUMMIT_A, SUMMIT_B


def test_sketch_lightly_edited_copy_is_near_duplicate() -> None:
    copy = SUMMIT_A.replace("on Wednesday", "on Wednesday, 13 September") + " (Reporting by wire staff.)"
    assert similarity(signature(SUMMIT_A), signature(copy)) >= NEAR_DUPLICATE
    assert set(buckets(signature(SUMMIT_A))) & set(buckets(signature(copy)))


def test_sketch_other_reports_of_one_event_are_not_copies() -> None:
    assert similarity(signature(SUMMIT_A), signature(SUMMIT_B)) < 0.2
    assert similarity(signature(SUMMIT_A), signature(CRICKET)) < 0.1


def test_sketch_empty_text() -> None:
    assert signature("") == b"" and buckets(b"") == [] and similarity(b"", b"") == 0.0
    assert shingles("one two") == {b"one two"}


def test_sketch_band_layout_covers_the_signature() -> None:
    bands, rows = band_layout()
    assert bands * rows <= len(signature(SUMMIT_A)) // 4
    assert len(buckets(signature(SUMMIT_A))) == bands


@given(st.text(min_size=1, max_size=300))
def test_sketch_signature_is_deterministic(text: str) -> None:
    sig = signature(text)
    assert sig == signature(text)
    assert buckets(sig) == buckets(signature(text))
    if sig:
        assert similarity(sig, sig) == 1.0


def test_terms_proper_nouns_not_sentence_openers() -> None:
    counts = text_terms(
        "Kim meets Putin", "The leaders met. Kim Jong Un's train reached Vostochny.", TermWeights()
    )
    assert {"t:kim", "t:meets", "t:putin", "n:jong", "n:vostochny"} <= set(counts)
    assert "n:the" not in counts and "n:kim" not in counts
    assert counts["n:jong"] == 1


def test_terms_mentions_give_actor_weapon_place_and_day_terms() -> None:
    mentions = [
        {"kind": "actor", "value": "PRK"},
        {"kind": "actor", "value": "PRK"},
        {"kind": "weapon", "value": "ammunition", "entity": "artillery shells"},
        {"kind": "place", "value": "Amur"},
        {"kind": "time", "value": "2023-09-13"},
        {"kind": "time", "value": "2023"},
    ]
    terms = salient_terms(None, "", mentions)
    assert set(terms) == {"a:PRK", "k:artillery shells", "p:amur", "d:2023-09-13"}
    assert terms["a:PRK"] > TermWeights().actor


def test_terms_tfidf_is_unit_and_favours_rare_terms() -> None:
    vector = tfidf(
        {"a:RUS": 1.0, "n:vostochny": 1.0}, n_docs=100, df={"a:RUS": 60, "n:vostochny": 2}, keep=10
    )
    assert abs(sum(w * w for w in vector.values()) - 1.0) < 1e-4
    assert vector["n:vostochny"] > vector["a:RUS"]
    assert tfidf({}, n_docs=1, df={}, keep=5) == {}


def test_cluster_choose_story_needs_the_threshold_and_the_window() -> None:
    vector = {"n:vostochny": 0.8, "a:PRK": 0.6}
    close = {"vector": {"n:vostochny": 1.0}, "norm": 1.0, "first_day": 100, "last_day": 104}
    states = {"s1": close, "s2": {**close, "first_day": 10, "last_day": 12}}
    postings = [("n:vostochny", "s1"), ("n:vostochny", "s2")]
    config = StoryConfig()
    assert choose_story(vector, postings, states.get, day=110, config=config) == ("s1", 0.8)
    assert choose_story(vector, postings, states.get, day=200, config=config)[0] is None
    assert choose_story({"a:PRK": 1.0}, postings, states.get, day=104, config=config)[0] is None
    assert in_window(None, close, 10, 30) and not in_window(5, {"first_day": None, "last_day": None}, 10, 30)
    assert in_window(110, close, 10, 30) and not in_window(131, {**close, "last_day": 125}, 10, 30)


def test_cluster_latest_members_keep_a_growing_story_specific() -> None:
    vector = {"a:USA": 0.6, "a:RUS": 0.6, "n:kursk": 0.52}
    generic = {"a:USA": 0.7, "a:RUS": 0.7}
    state = {"vector": generic, "norm": 1.0, "recent": [{"n:bakhmut": 1.0}, {"n:avdiivka": 1.0}]}
    assert cosine(vector, generic, 1.0) > 0.8
    assert similarity_to(vector, state) == 0.0
    assert similarity_to(vector, {**state, "recent": [{"n:kursk": 1.0}]}) == 0.52
    recent = with_recent([{"x": 1.0}] * 6, {"b": 3.0, "a": 4.0}, StoryConfig(recent_members=3))
    assert recent == [{"x": 1.0}, {"x": 1.0}, {"a": 0.8, "b": 0.6}]


def test_cluster_centroid_keeps_heaviest_terms() -> None:
    centroid, norm = add_to_centroid({"a": 0.5}, {"a": 0.5, "b": 0.3, "c": 0.1}, keep=2)
    assert centroid == {"a": 1.0, "b": 0.3}
    assert abs(norm - (1.0 + 0.09) ** 0.5) < 1e-9
    assert abs(cosine({"a": 1.0}, centroid, norm) - 1.0 / norm) < 1e-9


def test_terms_unrelated_pages_share_little() -> None:
    def vec(text: str) -> dict[str, float]:
        return tfidf(salient_terms(text.split(".")[0], text, []), n_docs=4, df={}, keep=40)

    summit_a, summit_b, rafale = vec(SUMMIT_A), vec(SUMMIT_B), vec(RAFALE)
    same = cosine(summit_a, summit_b, 1.0)
    assert same > 0.2 > cosine(summit_a, rafale, 1.0)
