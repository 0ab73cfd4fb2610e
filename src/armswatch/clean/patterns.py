"""The boilerplate vocabulary of the clean stage, read from ``boilerplate.toml``.

Patterns live in a data file so that a new kind of page furniture is a one-line change
there, not a code change; this module only compiles and caches them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from armswatch.calendar_names import MONTHS, WEEKDAY_FORMS

_FLAGS = re.IGNORECASE | re.UNICODE


def _compile_all(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, _FLAGS) for p in patterns)


@dataclass(frozen=True, slots=True, kw_only=True)
class Boilerplate:
    """Compiled patterns and word lists of ``boilerplate.toml``."""

    section_headers: tuple[re.Pattern[str], ...]
    furniture: tuple[re.Pattern[str], ...]
    furniture_fragments: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    caption: tuple[re.Pattern[str], ...]
    published_label: re.Pattern[str]
    updated_label: re.Pattern[str]
    outlet_cues: tuple[re.Pattern[str], ...]
    corporate_suffix: re.Pattern[str]
    small_words: frozenset[str]
    months: dict[str, int]
    weekdays: frozenset[str]
    weekday_numbers: dict[str, int]
    prune_tags: tuple[str, ...]
    prune_class_tokens: frozenset[str]
    page_date_class_tokens: frozenset[str]
    masthead_class_tokens: frozenset[str]
    date_meta: tuple[str, ...]
    site_meta: tuple[str, ...]
    title_separators: tuple[str, ...]

    def is_section_header(self, line: str) -> bool:
        """True when a line introduces a list of other stories or the comments."""
        return any(p.search(line) for p in self.section_headers)

    def is_furniture(self, line: str, *, sentence: bool = False) -> bool:
        """True when a line is page furniture; a running ``sentence`` must match a strong pattern."""
        if any(p.search(line) for p in self.furniture):
            return True
        return not sentence and any(p.search(line) for p in self.furniture_fragments)

    def is_byline(self, line: str) -> bool:
        """True when a line looks like a byline, desk or reading-time note."""
        return any(p.search(line) for p in self.byline)

    def is_caption(self, line: str) -> bool:
        """True when a line is a photo caption or credit."""
        return any(p.search(line) for p in self.caption)


def _from_mapping(data: dict[str, Any]) -> Boilerplate:
    text, outlet, html = data["text"], data["outlet"], data["html"]
    suffixes = "|".join(outlet["corporate_suffixes"])
    return Boilerplate(
        section_headers=_compile_all(text["section_headers"]),
        furniture=_compile_all(text["furniture"]),
        furniture_fragments=_compile_all(text["furniture_fragments"]),
        byline=_compile_all(text["byline"]),
        caption=_compile_all(text["caption"]),
        published_label=re.compile(text["published_labels"], _FLAGS),
        updated_label=re.compile(text["updated_labels"], _FLAGS),
        outlet_cues=_compile_all(outlet["cues"]),
        # Repeated so that "Media Ltd." or "Publishing Group" go in one pass.
        corporate_suffix=re.compile(rf"(?:[\s,]+(?:{suffixes}))+\s*$", _FLAGS),
        small_words=frozenset(outlet["small_words"]),
        months=dict(MONTHS),
        weekdays=frozenset(WEEKDAY_FORMS),
        weekday_numbers=dict(WEEKDAY_FORMS),
        prune_tags=tuple(html["prune_tags"]),
        prune_class_tokens=frozenset(html["prune_class_tokens"]),
        page_date_class_tokens=frozenset(html["page_date_class_tokens"]),
        masthead_class_tokens=frozenset(html["masthead_class_tokens"]),
        date_meta=tuple(html["date_meta"]),
        site_meta=tuple(html["site_meta"]),
        title_separators=tuple(html["title_separators"]),
    )


@cache
def load_boilerplate() -> Boilerplate:
    """Load and compile the shipped ``boilerplate.toml`` (cached)."""
    raw = resources.files("armswatch.clean").joinpath("boilerplate.toml").read_text(encoding="utf-8")
    return _from_mapping(tomllib.loads(raw))
