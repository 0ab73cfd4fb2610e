"""Quantities of weapons and troops ("over 6 million shells", "about 1,500 ... special forces").

Input: the body text and the spans of the weapon mentions already found. Output:
:class:`Quantity` spans covering the number only. A number counts when a weapon
mention or a word for military personnel follows within a few words, with no
punctuation between (so "$5.43 billion" or "86 minutes" never count).

``value`` is the number as digits ("6000000", "1500", "5", "12" for "a dozen") or, for
vague plurals, the lower-cased words ("dozens", "hundreds", "tens of thousands").
``ref`` carries the hedge: ``about``, ``over``, ``up_to`` or ``exact``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Number words of news prose, shared with the time expressions ("two weeks ago").
NUMBER_WORDS = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_MULTIPLIERS = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}
_HEDGES = {
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "an estimated": "about",
    "close to": "about",
    "over": "over",
    "more than": "over",
    "at least": "over",
    "upwards of": "over",
    "up to": "up_to",
    "as many as": "up_to",
    "fewer than": "up_to",
    "less than": "up_to",
    "under": "up_to",
}


_WORDS = "|".join(sorted((k for k in NUMBER_WORDS if k not in ("a", "an")), key=len, reverse=True))
_SCALE = r"(?:dozen|hundred|thousand|million)"
_VAGUE = r"(?:tens|hundreds)\s+of\s+thousands|dozens|scores|hundreds|thousands|millions"
# Numbers are read backwards from the noun they count (a weapon mention or a word for
# troops): scanning only those short windows keeps the stage fast.
_LOOKBACK = 90
_TAIL = re.compile(
    r"(?<![\w$£€¥₹.,/:-])(?P<num>\d[\d,]*(?:\.\d+)?(?:\s*(?:million|billion|thousand|mn|bn)\b|(?:m|bn)\b)?"
    r"|"
    + _VAGUE
    + r"|an?\s+"
    + _SCALE
    + r"|(?:"
    + _WORDS
    + r")(?:[\s-]+(?:"
    + _WORDS
    + r"|"
    + _SCALE
    + r"))*"
    r")(?P<gap>\s+(?:of\s+)?(?:[A-Za-z][\w'’-]*\s+){0,3})$",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?P<hedge>" + "|".join(sorted(_HEDGES, key=len, reverse=True)) + r")\s+$", re.IGNORECASE
)
# A capitalised word right before a number names a model ("Ground Master 200"), unless it
# is a possessive ("North Korea's 10,000 troops") or the hedge itself ("About 8,000").
_MODEL_BEFORE = re.compile(r"(?<![.!?]\s)\b([A-Z][\w-]*)\s+$")
# Words for the people a number may count.
_PERSONNEL_WORDS = (
    "special forces|troops|soldiers|forces|personnel|servicemen|service members|fighters|mercenaries|"
    "sailors|marines|commandos|conscripts|officers|advisers|advisors|engineers|workers"
)
_PERSONNEL = re.compile(r"(?<![\w-])(?:" + _PERSONNEL_WORDS + r")\b")
# What may stand between the number and the noun: a few plain words, no punctuation,
# and no word that shows a new clause has begun ("two leaders discussed artillery").
_BETWEEN = re.compile(r"\s+(?:of\s+)?(?:[\w'’-]+\s+){0,3}$")
_CLAUSE_WORD_LIST = (
    "and or but to in on at for with from by that which who whom whose than as is are was were be been "
    "has have had will would could should can may might must said says say told discussed sent "
    "tonnes tons kilograms kg pounds kilometres kilometers km miles metres meters dollars euros "
    "years months weeks days hours minutes times percent per cent"
)
_CLAUSE_WORDS = frozenset(_CLAUSE_WORD_LIST.split())


@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted number: its span, normalised value, hedge and the noun it counts."""

    start: int
    end: int
    value: str
    ref: str
    noun: str


def find_quantities(
    text: str, weapon_spans: Sequence[tuple[int, int]], exclude: Sequence[tuple[int, int]] = ()
) -> list[Quantity]:
    """Numbers that count weapons or troops; ``weapon_spans`` sorted by start."""
    anchors = sorted([*weapon_spans, *(m.span() for m in _PERSONNEL.finditer(text))])
    taken: set[tuple[int, int]] = set()
    out: list[Quantity] = []
    for a_start, a_end in anchors:
        found = _number_before(text, a_start, exclude)
        if found is None or found[:2] in taken:
            continue
        n_start, n_end, words = found
        value = normalise_number(words)
        if value is None:
            continue
        taken.add((n_start, n_end))
        h = _HEDGE.search(text, max(0, n_start - 24), n_start)
        hedge = _HEDGES.get(re.sub(r"\s+", " ", h["hedge"].lower()), "exact") if h else "exact"
        noun = text[a_start:a_end].lower()
        out.append(Quantity(start=n_start, end=n_end, value=value, ref=hedge, noun=noun))
    out.sort(key=lambda q: q.start)
    return out


def _number_before(text: str, anchor: int, exclude: Sequence[tuple[int, int]]) -> tuple[int, int, str] | None:
    """The leftmost number in the few plain words before ``anchor`` that may count it."""
    pos = max(0, anchor - _LOOKBACK)
    while (m := _TAIL.search(text, pos, anchor)) is not None:
        pos = m.start("num") + 1
        n_start, n_end = m.span("num")
        words = m["num"]
        if not _plain_gap(m["gap"]) or any(s < n_end and n_start < e for s, e in exclude):
            continue
        model = _MODEL_BEFORE.search(text, max(0, n_start - 30), n_start)
        if model and model.group(1).lower() not in _HEDGES:
            continue  # "Ground Master 200 radars": a model name
        if words.lower() in ("one", "a", "an") and m["gap"].lstrip().lower().startswith("of "):
            continue  # "one of Moscow's main weapons"
        return n_start, n_end, words
    return None


def _plain_gap(gap: str) -> bool:
    if not _BETWEEN.match(gap):
        return False
    words = gap.lower().split()
    if words and words[0] == "of":
        words = words[1:]
    return not any(w in _CLAUSE_WORDS for w in words)


def normalise_number(words: str) -> str | None:
    """Digits for a number written in figures or words; lower-cased words for vague plurals."""
    text = re.sub(r"\s+", " ", words.strip().lower())
    if re.fullmatch(_VAGUE, text):
        return text
    m = re.fullmatch(r"([\d,]+(?:\.\d+)?)\s*([a-z]+)?", text)
    if m:
        number = float(m.group(1).replace(",", ""))
        mult = _MULTIPLIERS.get(m.group(2) or "", 1) if m.group(2) else 1
        total = number * mult
        return str(int(total)) if total == int(total) else str(total)
    parts = re.split(r"[\s-]+", text)
    total = 0
    current = 0
    for part in parts:
        if part in NUMBER_WORDS:
            current += NUMBER_WORDS[part]
        elif part in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[part]
            if _MULTIPLIERS[part] >= 1000:
                total += current
                current = 0
        else:
            return None
    return str(total + current)
