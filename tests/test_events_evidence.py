"""Evidence is verbatim: for every event of any text, ``evidence`` is exactly
``article.text[evidence_start:evidence_end]``, one whole sentence of the article.

Texts are generated from a small news grammar (actors, cue verbs in several voices and
modalities, weapons, times, attributions) joined by varied whitespace, so offsets are tested
across sentence boundaries, paragraph breaks and repeated mentions.
"""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from armswatch.models import EVENT_TYPES, FACTUALITIES, Article
from armswatch.pipeline import Processor

ACTORS = (
    "Iran", "Russia", "North Korea", "Germany", "Ukraine", "India", "France", "Poland", "the United States",
    "China", "Japan", "South Korea", "Kim Jong Un", "Vladimir Putin", "the Kremlin", "Seoul", "Tehran",
    "NATO", "the European Union", "Hyundai Rotem", "the Houthis",
)  # fmt: skip
WEAPONS = (
    "drones", "Shahed drones", "artillery shells", "ballistic missiles", "fighter jets", "K2 tanks",
    "IRIS-T air defence systems", "rocket launchers", "drone engines", "weapons", "satellite technology",
)  # fmt: skip
PLACES = ("Vladivostok", "Beijing", "Pyongyang", "Brussels", "New Delhi", "the Vostochny Cosmodrome")
TIMES = ("", " in 2023", " last year", " on Monday", " in March 2022", " since August 2023", " on June 19")
GIVE = ("supplied", "sent", "delivered", "sold", "shipped", "could send", "might supply", "did not send",
        "plans to sell", "denied supplying", "is expected to deliver", "refused to deliver")  # fmt: skip
GIVEN = ("supplied", "sent", "delivered", "shipped")
GET = ("bought", "received", "ordered", "is eyeing", "will buy", "took delivery of")
TEMPLATES = (
    "{a} {give} {w} to {b}{t}{r}.",
    "{w} were {given} to {b} by {a}{t}{r}.",
    "{b} {get} {w} from {a}{t}{r}.",
    "{a} and {b} held talks in {p}{t}.",
    "{a} met {b} in {p}{t}{r}.",
    "{a} condemned {b}{t}.",
    "{a} accused {b} of supplying {w} to {c}.",
    "{a} urged {b} to stop sending {w} to {c}.",
    "{a} imposed sanctions on {b}{t}.",
    "{a} test-fired ballistic missiles{t}{r}.",
    "{a} sent troops to {b}{t}{r}.",
    "{a} denied supplying {w} to {b}.",
    "According to {c}, {a} {give} {w} to {b}{t}.",
    "The talks lasted several hours.",
    "Officials gave no further details.",
)
ATTRIBUTIONS = (
    "",
    ", officials said",
    ", analysts said",
    ", according to {c}",
    ", {c} said",
    ", {c} told reporters",
)
SEPARATORS = (" ", "  ", "\n", "\n\n", "\n\n   ")


@st.composite
def sentences(draw: st.DrawFn) -> str:
    a, b, c = (draw(st.sampled_from(ACTORS)) for _ in range(3))
    attribution = draw(st.sampled_from(ATTRIBUTIONS)).format(c=c)
    sentence = draw(st.sampled_from(TEMPLATES)).format(
        a=a,
        b=b,
        c=c,
        w=draw(st.sampled_from(WEAPONS)),
        p=draw(st.sampled_from(PLACES)),
        t=draw(st.sampled_from(TIMES)),
        r=attribution,
        give=draw(st.sampled_from(GIVE)),
        given=draw(st.sampled_from(GIVEN)),
        get=draw(st.sampled_from(GET)),
    )
    return sentence[0].upper() + sentence[1:]


@st.composite
def articles(draw: st.DrawFn) -> str:
    parts = draw(st.lists(sentences(), min_size=1, max_size=4))
    text = parts[0]
    for part in parts[1:]:
        text += draw(st.sampled_from(SEPARATORS)) + part
    return text


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=articles(), published=st.sampled_from([None, "2024-06-20"]))
def test_evidence_is_a_verbatim_sentence(proc: Processor, text: str, published: str | None) -> None:
    article = Article(
        doc_id="gen",
        source="test",
        text=text,
        content_hash="h",
        fetched_at="2025-01-01T00:00:00Z",
        published=published,
    )
    parsed, events = proc.read(article)
    event("has events" if events else "no events")
    spans = {(s.start, s.end) for s in parsed.sentences}
    for e in events:
        assert text[e.evidence_start : e.evidence_end] == e.evidence
        assert e.evidence and e.evidence == e.evidence.strip()
        assert (e.evidence_start, e.evidence_end) in spans
        assert e.trigger and e.trigger in e.evidence
        assert e.type in EVENT_TYPES and e.factuality in FACTUALITIES
    # Same text, same records: the stage is a pure function of its input.
    assert proc.read(article)[1] == events
