"""Synthetic news pages for the benchmarks: noisy text and HTML pages in the shape of examples/corpus.

Every page is built from template sentences written for this module (no text is copied
from shared data): a masthead and menu, a headline and dek, a byline date, a body of 5-10
paragraphs, a "Latest Posts" list of other stories and a subscribe prompt. ``topic`` picks
the body: ``"security"`` pages mix event sentences (transfers, sanctions, meetings ...)
with background and filler; ``"sport"``, ``"business"``, ``"weather"`` and ``"culture"``
pages carry no event of the armswatch schema, though many name states. Output is
deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import html
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TOPICS = ("security", "sport", "business", "weather", "culture")
UNRELATED = ("sport", "business", "weather", "culture")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# (name, capital, demonym)
STATES = (
    ("Russia", "Moscow", "Russian"),
    ("North Korea", "Pyongyang", "North Korean"),
    ("Iran", "Tehran", "Iranian"),
    ("China", "Beijing", "Chinese"),
    ("the United States", "Washington", "American"),
    ("India", "New Delhi", "Indian"),
    ("Pakistan", "Islamabad", "Pakistani"),
    ("France", "Paris", "French"),
    ("Germany", "Berlin", "German"),
    ("Ukraine", "Kyiv", "Ukrainian"),
    ("Japan", "Tokyo", "Japanese"),
    ("South Korea", "Seoul", "South Korean"),
    ("Turkey", "Ankara", "Turkish"),
    ("Belarus", "Minsk", "Belarusian"),
    ("Saudi Arabia", "Riyadh", "Saudi"),
    ("Egypt", "Cairo", "Egyptian"),
    ("Brazil", "Brasilia", "Brazilian"),
    ("Australia", "Canberra", "Australian"),
    ("the Philippines", "Manila", "Philippine"),
    ("Vietnam", "Hanoi", "Vietnamese"),
    ("Poland", "Warsaw", "Polish"),
    ("Syria", "Damascus", "Syrian"),
    ("Indonesia", "Jakarta", "Indonesian"),
    ("Israel", "Jerusalem", "Israeli"),
)
GROUPS = ("the European Union", "NATO", "the UN Security Council", "the G7")
WEAPONS = (
    "ballistic missiles",
    "cruise missiles",
    "attack drones",
    "artillery shells",
    "air defence systems",
    "fighter jets",
    "main battle tanks",
    "self-propelled howitzers",
    "multiple rocket launchers",
    "anti-tank missiles",
    "patrol vessels",
    "diesel-electric submarines",
    "armoured personnel carriers",
    "assault rifles",
    "helicopters",
)
TESTABLE = ("ballistic missiles", "cruise missiles", "hypersonic missiles", "short-range rockets")
TECH = (
    "missile guidance technology",
    "satellite launch know-how",
    "submarine propulsion technology",
    "drone production technology",
    "jet engine technology",
)
SOURCES = (
    "officials said",
    "the foreign ministry said",
    "a government spokesperson said",
    "state media reported",
    "according to a defence ministry statement",
    "two people familiar with the matter said",
    "the agency reported",
)
WHEN = (
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "last week",
    "earlier this month",
    "last year",
    "in March",
    "in the autumn",
)
PLACES = (
    "the Black Sea",
    "the Yellow Sea",
    "the Arabian Sea",
    "the Baltic",
    "the South China Sea",
    "the Gulf",
)
COMPANIES = (
    "Northfield Foods",
    "Castellan Motors",
    "Brightwater Telecom",
    "Orchid Pharmaceuticals",
    "Marlow Retail",
    "Helio Solar",
    "Quayside Shipping",
    "Granite Cement",
)
TEAMS = (
    "Riverside United",
    "Port Athletic",
    "the Harbour Hawks",
    "Old Mill Rovers",
    "Kingsbridge City",
    "the Northern Lights",
    "Summit FC",
    "Valley Wanderers",
)
PLAYERS = (
    "Tomas Reyes",
    "Aiko Mori",
    "Femi Adeyemi",
    "Lena Voss",
    "Rahul Menon",
    "Chloe Martin",
    "Ivan Petrov",
)
CITIES = (
    "Lagos",
    "Lyon",
    "Osaka",
    "Porto",
    "Kraków",
    "Chennai",
    "Valparaíso",
    "Adelaide",
    "Izmir",
    "Hanover",
)
REGIONS = ("north-east", "coastal south", "central plains", "western hills", "capital region")
CROPS = ("rice", "wheat", "maize", "coffee", "cotton", "sugar cane")
GOODS = ("coffee", "steel", "rice", "copper", "textiles", "palm oil", "wheat", "car parts")
FIRST = ("Anna", "Mark", "Priya", "Jonas", "Li", "Omar", "Sofia", "Daniel", "Mei", "Kwame", "Elena", "Tariq")
LAST = ("Keller", "Okafor", "Sato", "Hernández", "Novak", "Rahman", "Lindqvist", "Dubois", "Chen", "Moreau")
OUTLETS = (
    "Harbor Ledger",
    "Eastgate Chronicle",
    "Meridian Daily",
    "Lakeshore Times",
    "Northern Star Online",
    "Pacific Review",
    "Riverbend Gazette",
    "Summit Post",
    "Coastline Herald",
    "Crescent Observer",
)
AGENCIES = ("Pacific Newswire", "Continental Press", "Global Wire Service", "Atlas News Agency")


@dataclass(frozen=True, slots=True)
class GenPage:
    """One generated page: a file name, ``text`` or ``html``, the page, and its topic."""

    name: str
    kind: str
    content: str
    topic: str


class _Vocab:
    """Draws names for one page, keeping a page's states distinct."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.states = rng.sample(STATES, 4)

    def pick(self, seq: tuple[str, ...]) -> str:
        return self.rng.choice(seq)

    def name(self, i: int) -> str:
        state = self.states[i]
        form = self.rng.random()
        if form < 0.65:
            return state[0]
        if form < 0.9:
            return state[1]
        return f"the {state[2]} government"

    def subj(self, i: int) -> str:
        n = self.name(i)
        return n[0].upper() + n[1:]

    def dem(self, i: int) -> str:
        return self.states[i][2]

    def num(self) -> str:
        return self.rng.choice(("two", "three", "a dozen", "40", "120", "several hundred", "1,500", "24"))


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _event_sentence(v: _Vocab) -> str:
    r = v.rng
    a, b, c = v.subj(0), v.name(1), v.name(2)
    w, when, src = v.pick(WEAPONS), v.pick(WHEN), v.pick(SOURCES)
    makers: list[Callable[[], str]] = [
        lambda: f"{a} has delivered {v.num()} {w} to {b}, {src}.",
        lambda: f"{a} signed a contract {when} to supply {b} with {w}, {src}.",
        lambda: f"{v.subj(1)} bought {w} from {v.name(0)} {when}, {src}.",
        lambda: f"{a} is expected to transfer {v.pick(TECH)} to {b}, analysts said.",
        lambda: f"{a} and {b} held joint naval exercises in {v.pick(PLACES)} {when}.",
        lambda: f"{a} and {b} signed a defence cooperation agreement {when}.",
        lambda: f"The {v.dem(0)} foreign minister met his {v.dem(1)} counterpart in {v.states[1][1]} {when}.",
        lambda: f"{a} imposed new sanctions on {b} {when} over its {w} programme.",
        lambda: f"{a} accused {b} of supplying {w} to {c}.",
        lambda: f"{a} urged {b} to stop sending {w} to {c}.",
        lambda: f"{a} denied that it had shipped {w} to {b}.",
        lambda: f"{a} test-fired two {v.pick(TESTABLE)} {when}, {src}.",
        lambda: f"{a} has sent {v.num()} troops to {b}, {src}.",
        lambda: f"{a} called {b} the most serious threat to its security in a new strategy paper.",
        lambda: f"{a} may send {w} to {b} if talks on the deal succeed, {src}.",
        lambda: f"{_cap(v.pick(GROUPS))} condemned {b} for supplying {w} to {c}.",
    ]
    return r.choice(makers)()


def _background_sentence(v: _Vocab) -> str:
    # Security-page prose that names states and cue-like words but reports no event.
    w = v.pick(WEAPONS)
    return v.rng.choice(
        (
            f"Analysts said the {w} could change the balance along the front line.",
            f"The {v.dem(0)} economy has kept growing despite years of sanctions.",
            f"Military experts have long debated how well {w} perform in bad weather.",
            f"Relations between {v.name(0)} and {v.name(1)} have been tense for decades.",
            f"The ministry did not respond to a request for comment on {v.rng.choice(WEEKDAYS)}.",
            f"Parliament in {v.states[0][1]} is due to debate the defence budget next month.",
            "Satellite images taken last month showed new construction at the site.",
            "Few details of the talks have been made public, and both sides declined to comment.",
        )
    )


def _sport(v: _Vocab) -> str:
    r = v.rng
    t1, t2 = r.sample(TEAMS, 2)
    return r.choice(
        (
            f"{_cap(t1)} beat {t2} {r.randint(1, 5)}-{r.randint(0, 3)} on {r.choice(WEEKDAYS)}, "
            f"with {r.choice(PLAYERS)} scoring twice.",
            f"The {v.dem(0)} national team will face {v.name(1)} in the semi-final next week.",
            f"The marathon in {r.choice(CITIES)} drew {r.randint(8, 40)},000 runners despite the heat.",
            "The coach said his side had been unlucky but would recover before the derby.",
            f"{r.choice(PLAYERS)} won the singles title in straight sets after saving three break points.",
            f"{v.subj(0)} beat {v.name(1)} by {r.randint(2, 9)} wickets to reach the final.",
            f"Ticket sales for the {r.choice(CITIES)} derby have already passed {r.randint(20, 60)},000.",
            "The club confirmed that its captain will miss the rest of the season with a knee injury.",
            f"{r.choice(PLAYERS)} signed a three-year contract with {r.choice(TEAMS)} "
            f"on {r.choice(WEEKDAYS)}.",
            f"Fans in {r.choice(CITIES)} celebrated late into the night after the final whistle.",
            f"The {v.dem(0)} cycling team withdrew two riders after a crash on the descent.",
            "The referee sent off two players in a bad-tempered second half.",
            f"The league said it would review the incident and announce any penalty by {r.choice(WEEKDAYS)}.",
            f"Organisers in {v.name(0)} expect the stadium to be full for the opening match.",
        )
    )


def _business(v: _Vocab) -> str:
    r = v.rng
    return r.choice(
        (
            f"Shares in {r.choice(COMPANIES)} rose {r.randint(2, 14)} percent after the company raised "
            "its profit forecast.",
            f"The central bank of {v.states[0][0]} held its key rate at {r.randint(2, 12)}.{r.randint(0, 9)} "
            f"percent {r.choice(WHEN)}.",
            f"{v.subj(0)}'s exports of {r.choice(GOODS)} rose {r.randint(2, 30)} percent in the last "
            "quarter, customs data showed.",
            f"Retail sales slowed in {r.choice(MONTHS)} as households cut spending on clothing "
            "and electronics.",
            f"{r.choice(COMPANIES)} agreed to buy a smaller rival for {r.randint(1, 9)} billion dollars.",
            f"Trade between {v.name(0)} and {v.name(1)} grew strongly last year, led by {r.choice(GOODS)}.",
            "Analysts expect inflation to ease in the second half of the year as fuel prices fall.",
            f"{r.choice(COMPANIES)} said it would cut {r.randint(2, 30)}00 jobs as demand weakened.",
            f"The stock index in {v.states[0][1]} closed {r.randint(1, 3)} percent higher, led by banks.",
            f"{r.choice(COMPANIES)} opened a new factory that will employ {r.randint(3, 12)}00 people.",
            "Bond yields edged lower after the latest jobs report came in weaker than expected.",
            f"House prices in {r.choice(CITIES)} fell for the {r.choice(('third', 'fifth', 'sixth'))} "
            "month in a row.",
            f"The {v.dem(0)} currency weakened against the dollar as investors awaited the budget.",
            f"Airline passenger numbers recovered to pre-pandemic levels in {r.choice(MONTHS)}.",
        )
    )


def _weather(v: _Vocab) -> str:
    r = v.rng
    return r.choice(
        (
            f"Forecasters expect heavy rain across the {r.choice(REGIONS)} through the weekend.",
            f"Temperatures in {r.choice(CITIES)} reached {r.randint(31, 46)} degrees {r.choice(WHEN)}, "
            "the highest reading this year.",
            "The monsoon is expected to reach the southern coast a week later than usual.",
            f"Storm warnings were issued for the {r.choice(REGIONS)} as winds picked up overnight.",
            f"Farmers in {v.name(0)} said the dry spell had already cut the {r.choice(CROPS)} harvest.",
            "Snow closed two mountain passes and several schools stayed shut on Monday.",
            "The weather service said the cold snap would last at least until the middle of next week.",
            f"Rivers in the {r.choice(REGIONS)} rose above warning levels after three days of rain.",
            f"A dust storm cut visibility to a few hundred metres in {r.choice(CITIES)} "
            f"on {r.choice(WEEKDAYS)}.",
            "Residents were advised to drink plenty of water and avoid going out in the afternoon.",
            f"The first frost of the season arrived in {v.name(0)} two weeks early.",
            "Meteorologists said the wet spring was linked to unusually warm sea temperatures.",
        )
    )


def _culture(v: _Vocab) -> str:
    r = v.rng
    return r.choice(
        (
            f"The {r.choice(CITIES)} film festival opened {r.choice(WHEN)} with a drama about three sisters.",
            f"A retrospective of the painter's work drew {r.randint(20, 90)},000 visitors "
            "in its first month.",
            "The orchestra's new season includes works by Mahler and two new commissions.",
            f"A {v.dem(0)} novelist won the prize for a book about a family of fishermen.",
            f"The museum in {r.choice(CITIES)} will reopen in the spring after a two-year renovation.",
            f"Critics praised the {v.dem(1)} director's new film for its restraint.",
            "The band announced a world tour that begins in the autumn.",
            f"The {v.dem(0)} pavilion at the biennale features a sound installation about rivers.",
            f"Tickets for the opera's new production in {r.choice(CITIES)} sold out within hours.",
            "The author's memoir describes growing up above her parents' bakery.",
            f"A choir from {v.name(1)} will perform at the cathedral on {r.choice(WEEKDAYS)} evening.",
            "The gallery has acquired a rare set of prints by a nineteenth-century engraver.",
        )
    )


_FILLER = {"sport": _sport, "business": _business, "weather": _weather, "culture": _culture}

_HEADLINES = {
    "security": (
        "{A} and {B} deepen military ties",
        "{A} to send more weapons to {B}",
        "Sanctions row grows between {A} and {B}",
        "{A} denies arming {B}",
        "Talks in {capB} end without breakthrough",
    ),
    "sport": ("Late goal settles derby", "Champions stumble at home", "{A} reach the final"),
    "business": (
        "Shares climb on upbeat forecast",
        "Central bank holds rates",
        "Exporters see record quarter",
    ),
    "weather": (
        "Heavy rain expected through the weekend",
        "Heatwave tightens its grip",
        "Storm warnings issued",
    ),
    "culture": (
        "Festival opens with family drama",
        "Museum reopens after renovation",
        "Novelist wins top prize",
    ),
}
_SIDEBAR = (
    (
        "Commuters face delays as rail strike enters third day",
        "Unions say talks with operators have stalled.",
    ),
    ("City council approves new cycling lanes", "Work on the first routes begins next month."),
    ("Local bakery wins national award", "The family business has been open since 1952."),
    ("Fuel prices fall for fourth week", "Drivers are paying less than at any time this year."),
    ("Hospital opens new children's wing", "The ward adds 60 beds and a play area."),
    ("School results improve across the region", "Maths scores rose the most."),
    ("Ferry services resume after storm", "Operators warn of further disruption."),
    ("Police appeal for witnesses after warehouse fire", "No one was hurt in the blaze."),
)


def _date(rng: random.Random) -> date:
    return date(2022, 1, 1) + timedelta(days=rng.randrange(0, 4 * 365))


def _human_date(d: date, style: int) -> str:
    if style == 0:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 1:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"


# Clauses that stretch a template sentence to the 20-30 words of wire copy, so that parse
# costs are those of real news sentences rather than of short templates.
TAILS = (
    ", a move that observers in the region said would be watched closely",
    ", according to figures published by the statistics office at the end of the week",
    ", in what local commentators described as the most significant development in years",
    ", although several details were still unclear late in the evening",
    ", a spokesperson told reporters at a briefing that lasted more than an hour",
    " after weeks of speculation in the local press",
)


def _sentence(v: _Vocab, topic: str) -> str:
    r = v.rng
    if topic == "security":
        roll = r.random()
        if roll < 0.4:
            text = _event_sentence(v)
        elif roll < 0.75:
            text = _background_sentence(v)
        else:
            text = _FILLER[r.choice(UNRELATED)](v)
    else:
        text = _FILLER[topic](v)
    if r.random() < 0.45:
        text = text[:-1] + r.choice(TAILS) + "."
    return text


def _body(v: _Vocab, topic: str) -> list[str]:
    r = v.rng
    used: set[str] = set()
    paragraphs = []
    for _ in range(r.randint(5, 10)):
        sentences = []
        for _ in range(r.randint(2, 4)):
            text = _sentence(v, topic)
            for _ in range(5):  # a page seldom repeats itself word for word
                if text not in used:
                    break
                text = _sentence(v, topic)
            used.add(text)
            sentences.append(text)
        paragraphs.append(" ".join(sentences))
    return paragraphs


def _headline(v: _Vocab, topic: str) -> str:
    pattern = v.rng.choice(_HEADLINES[topic])
    return pattern.format(A=v.states[0][0].removeprefix("the "), B=v.name(1), capB=v.states[1][1])


def _render_text(v: _Vocab, outlet: str, d: date, title: str, dek: str, body: list[str]) -> str:
    r = v.rng
    indent = "    " if r.random() < 0.5 else ""
    sidebar = r.sample(_SIDEBAR, r.randint(3, 5))
    blocks = [
        _human_date(d + timedelta(days=r.randint(0, 2)), 2),
        outlet if r.random() < 0.5 else outlet.upper(),
        "Home   World   Politics   Security   Economy   Sport   Weather"
        if r.random() < 0.5
        else "Home | World | Business | Sport | Culture | Opinion",
        "Latest Posts" if r.random() < 0.3 else "",
        title,
        dek,
        f"{_human_date(d, r.randint(0, 1))} · {r.choice(AGENCIES)}"
        if r.random() < 0.5
        else f"By {r.choice(FIRST)} {r.choice(LAST)} | Published {_human_date(d, 1)}",
        *body,
        "Latest Posts",
        *(f"{h}\n{indent}{t}" for h, t in sidebar),
        "Stay connected",
        "Our newsletter brings you the day's top stories every morning.",
        f"Become a subscriber to keep reading the {outlet}.",
        f"© {d.year} {outlet}. All rights reserved.",
    ]
    return "\n\n".join(indent + b for b in blocks if b) + "\n"


def _render_html(v: _Vocab, outlet: str, d: date, title: str, dek: str, body: list[str], url: str) -> str:
    r = v.rng
    e = html.escape
    sidebar = r.sample(_SIDEBAR, r.randint(3, 5))
    jsonld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{e(title)}","datePublished":"{d.isoformat()}T09:{r.randint(10, 59)}:00Z",'
        f'"publisher":{{"@type":"Organization","name":"{e(outlet)}"}}}}</script>'
        if r.random() < 0.6
        else ""
    )
    paras = "\n".join(f"    <p>{e(p)}</p>" for p in body)
    teasers = "\n".join(
        f'  <div class="teaser"><a href="/news/{i}">{e(h)}</a><p>{e(t)}</p></div>'
        for i, (h, t) in enumerate(sidebar)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(title)} | {e(outlet)}</title>
<meta property="og:site_name" content="{e(outlet)}">
<meta property="og:title" content="{e(title)}">
<link rel="canonical" href="{e(url)}">
{jsonld}
</head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience. <button>Accept</button></p></div>
<header><div class="today">{_human_date(d + timedelta(days=1), 2)}</div>
<a class="brand" href="/">{e(outlet.upper())}</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main>
<article>
  <h1>{e(title)}</h1>
  <p class="dek">{e(dek)}</p>
  <p class="byline">By {e(r.choice(FIRST))} {e(r.choice(LAST))} ·
  <time datetime="{d.isoformat()}">{_human_date(d, 0)}</time></p>
  <div class="article-body">
{paras}
  </div>
</article>
<aside class="sidebar">
  <h2>Latest Posts</h2>
{teasers}
  <div class="newsletter"><h3>Morning briefing</h3>
  <p>Subscribe to our newsletter for the day's top stories.</p>
  <form><input type="email" placeholder="Email address"><button>Sign up</button></form></div>
</aside>
</main>
<footer><p>&copy; {d.year} {e(outlet)}. All rights reserved.</p></footer>
</body>
</html>
"""


def make_page(seed: int, *, topic: str, kind: str) -> GenPage:
    """One page of ``topic`` (see TOPICS) rendered as ``kind`` (``text`` or ``html``)."""
    rng = random.Random(seed)
    v = _Vocab(rng)
    outlet = rng.choice(OUTLETS)
    d = _date(rng)
    title = _headline(v, topic)
    dek = (_event_sentence(v) if topic == "security" else _FILLER[topic](v)).rstrip(".")
    body = _body(v, topic)
    slug = "_".join(title.lower().replace(",", "").split()[:4])
    name = f"{d.isoformat()}_{slug}_{outlet.split()[0].lower()}_{seed}"
    if kind == "html":
        url = f"https://{outlet.split()[0].lower()}.example/{topic}/{seed}"
        return GenPage(f"{name}.html", "html", _render_html(v, outlet, d, title, dek, body, url), topic)
    return GenPage(f"{name}.txt", "text", _render_text(v, outlet, d, title, dek, body), topic)


def pages(
    n: int, *, seed: int = 0, topics: tuple[str, ...] = TOPICS, html_share: float = 0.4
) -> Iterator[GenPage]:
    """``n`` distinct pages, topics drawn evenly from ``topics``, about ``html_share`` of them HTML."""
    rng = random.Random(seed)
    seen: set[str] = set()
    i = 0
    while len(seen) < n:
        page = make_page(
            seed * 1_000_003 + i,
            topic=rng.choice(topics),
            kind="html" if rng.random() < html_share else "text",
        )
        i += 1
        digest = hashlib.sha256(page.content.encode()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        yield page


def write_pages(directory: Path, generated: Iterator[GenPage]) -> list[Path]:
    """Write pages into ``directory``; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for page in generated:
        path = directory / page.name
        path.write_text(page.content, encoding="utf-8")
        out.append(path)
    return out


def rss_kb() -> tuple[int, int]:
    """Peak resident set size in KiB of this process and of its largest waited-for child.

    Our own peak is VmHWM where Linux has it: ``ru_maxrss`` survives exec, so a process
    started by a big parent would report the parent's size.
    """
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    except OSError:
        pass
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def cpu_seconds() -> float:
    """User plus system CPU time of this process and its waited-for children so far."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def load_note() -> str:
    """The machine's load, printed with timings because the benchmarks share their cores."""
    import os

    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.2f} (1 min) {five:.2f} (5 min)"


def current_rss_kb() -> int:
    """Resident set size of this process now, in KiB (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
