"""HTML pages: main text through trafilatura, metadata from the page's own markup.

Metadata is read first, from the whole tree: title (og:title, JSON-LD headline, <h1>,
<title> minus its " | Site" suffix), outlet (og:site_name, JSON-LD publisher, the
<title> suffix, the masthead brand, the copyright line) and publication date (JSON-LD,
meta, <time> in the article, a dated byline, then htmldate's original date). Then known
furniture is pruned from the tree (asides, navigation, share bars, newsletter and cookie
boxes, teasers, bylines, standfirsts), trafilatura extracts the main text, and leading
title/standfirst lines and trailing furniture lines that survive are dropped.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import htmldate
import trafilatura
from lxml import etree  # type: ignore[import-untyped]
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from armswatch.clean.dates import date_from_machine, find_dates
from armswatch.clean.outlet import match_case, outlet_from_cue, recase, split_title_suffix, tidy_outlet
from armswatch.clean.page import Page
from armswatch.clean.patterns import Boilerplate, load_boilerplate
from armswatch.clean.text import is_prose_line

_TOKEN_SPLIT = re.compile(r"[\s_-]+")
_WORDS = re.compile(r"\w+")
_BRAND = re.compile(
    r"(?:^|\s)(?:\S*[-_])?(?:logo|brand|branding|site-?title|site-?name|masthead-?title)(?:[-_]\S*)?(?:\s|$)",
    re.I,
)
_ARTICLE_TYPES = re.compile(r"(?:article|posting|report)$", re.I)
# Elements whose removal could take words out of a sentence are never pruned.
_INLINE = frozenset(
    {"a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span", "strong", "sub"}
    | {"sup", "time", "u"}
)
_PRUNE_ROLES = frozenset(
    {"navigation", "banner", "complementary", "contentinfo", "dialog", "alertdialog", "search"}
)
# A pruning candidate holding more than this share of the page's paragraph text is a
# wrapper of the article, not furniture.
_MAX_PRUNE_SHARE = 0.35
_SHORT_LINE = 120
_MAX_MASTHEADS = 12
_MASTHEAD_CHARS = 300
_PROSE_LINE = 80
_INLINE_LINK = re.compile(r"^[^:]{2,30}:\s*(?:\S+\s+){2,}\S+")
_MAX_OUTLET_WORDS = 6
_BYLINE_TOKENS = frozenset({"byline", "meta", "date", "dateline", "posted", "published", "timestamp"})
_BRAND_TOKENS = frozenset({"logo", "brand", "branding", "site", "sitetitle", "sitename", "masthead"})


@dataclass(slots=True)
class _Meta:
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    evidence: str | None = None
    page_date: str | None = None
    lang: str = "en"
    description: str | None = None


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    out = " ".join(text.split())
    return out or None


def _norm(text: str | None) -> str:
    return " ".join(_WORDS.findall((text or "").lower()))


def _tokens(el: HtmlElement) -> set[str]:
    attr = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return {t for t in _TOKEN_SPLIT.split(attr) if t}


def _is_element(el: Any) -> bool:
    return isinstance(el, HtmlElement) and isinstance(el.tag, str)


def _walk_jsonld(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_jsonld(data["@graph"])


def _jsonld(tree: HtmlElement) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        raw = script.text.strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        objects.extend(_walk_jsonld(data))
    return objects


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _name_of(value: Any) -> str | None:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        name = value.get("name")
        return _clean(name) if isinstance(name, str) else None
    if isinstance(value, list):
        for item in value:
            name = _name_of(item)
            if name:
                return name
    return None


def _metas(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        content = meta.get("content")
        key = key.strip().lower()
        if key and content and key not in found:
            found[key] = content.strip()
    return found


def _first_h1(tree: HtmlElement) -> str | None:
    for xpath in (".//article//h1", ".//main//h1", ".//h1"):
        for h1 in tree.xpath(xpath):
            text = _clean(h1.text_content())
            if text:
                return text
    return None


def _in_article(el: HtmlElement) -> bool:
    return next(el.iterancestors("article", "main"), None) is not None


@cache
def _token_sets() -> dict[str, frozenset[str]]:
    bp = load_boilerplate()
    return {
        "prune": bp.prune_class_tokens,
        "page_date": bp.page_date_class_tokens,
        "masthead": bp.masthead_class_tokens,
        "byline": _BYLINE_TOKENS,
        "brand": _BRAND_TOKENS,
    }


_CLASS_OR_ID = etree.XPath("//@class|//@id")


def _mark(tree: HtmlElement) -> dict[str, list[HtmlElement]]:
    """Elements whose class or id has a token of each named list, in document order.

    One pass over the attribute strings: matching strings first avoids building a Python
    proxy for every element of the page.
    """
    sets = _token_sets()
    found: dict[str, list[HtmlElement]] = {key: [] for key in sets}
    seen: dict[str, set[int]] = {key: set() for key in sets}
    for value in _CLASS_OR_ID(tree):
        tokens = set(_TOKEN_SPLIT.split(value.lower()))
        for key, wanted in sets.items():
            if tokens.isdisjoint(wanted):
                continue
            el = value.getparent()
            if id(el) not in seen[key]:
                seen[key].add(id(el))
                found[key].append(el)
    return found


@cache
def _xpaths() -> dict[str, etree.XPath]:
    bp = load_boilerplate()
    tags = "|".join(f"//{tag}" for tag in bp.prune_tags)
    roles = " or ".join(f"@role='{role}'" for role in sorted(_PRUNE_ROLES))
    return {
        "prune": etree.XPath(f"{tags}|//*[{roles}]"),
        "copyright": etree.XPath("//text()[contains(.,'©') or contains(.,'opyright')]", smart_strings=False),
        "p_text": etree.XPath(".//p//text()", smart_strings=False),
    }


def _time_date(tree: HtmlElement) -> str | None:
    best: str | None = None
    for el in tree.iter("time"):
        value = el.get("datetime") or el.text_content()
        tokens = _tokens(el)
        if tokens & {"today", "current"}:
            continue
        published = (el.get("itemprop") or "").lower() == "datepublished" or bool(
            tokens & {"published", "entry-date", "pubdate", "posted"}
        )
        if not (published or _in_article(el)):
            continue
        iso = date_from_machine(value) if value else None
        if iso is None:
            continue
        if published:
            return iso
        best = best or iso
    return best


def _byline_date(marked: dict[str, list[HtmlElement]]) -> str | None:
    for el in marked["byline"]:
        if not _in_article(el):
            continue
        text = _clean(el.text_content()) or ""
        if len(text) > _SHORT_LINE * 2:
            continue
        hits = find_dates(text)
        for label in ("published", None, "updated"):
            for hit in hits:
                if hit.label == label:
                    return hit.iso
    return None


def _page_date(tree: HtmlElement, marked: dict[str, list[HtmlElement]]) -> str | None:
    """The masthead's "today" date, kept apart from the article's own date."""
    masthead = load_boilerplate().masthead_class_tokens
    for el in marked["page_date"]:
        tokens = _tokens(el)
        today = "today" in tokens
        if not (today or "date" in tokens):
            continue
        if not today:
            if _in_article(el):
                continue
            if el.tag != "header" and not any(
                a.tag == "header" or _tokens(a) & masthead for a in el.iterancestors()
            ):
                continue
        iso = date_from_machine(el.get("datetime") or "") or _first_date(el.text_content())
        if iso:
            return iso
    # A masthead that prints "Friday, June 28, 2024" without marking it up as a date.
    for header in [*tree.iter("header"), *marked["masthead"]][:_MAX_MASTHEADS]:
        if _in_article(header):
            continue
        # The date sits at the start of the bar; the rest is menus.
        for hit in find_dates(header.text_content()[:_MASTHEAD_CHARS]):
            if hit.weekday:
                return hit.iso
    return None


def _first_date(text: str) -> str | None:
    hits = find_dates(text)
    return hits[0].iso if hits else None


def _brand(marked: dict[str, list[HtmlElement]]) -> str | None:
    for el in marked["brand"]:
        if _in_article(el) or not _BRAND.search(f" {el.get('class') or ''} {el.get('id') or ''} "):
            continue
        text = _clean(el.text_content())
        if not text:
            img = next(el.iter("img"), None)
            text = _clean(img.get("alt")) if img is not None else None
        if text and len(text.split()) <= _MAX_OUTLET_WORDS:
            return text
    return None


def _copyright_outlet(tree: HtmlElement) -> str | None:
    for text in _xpaths()["copyright"](tree):
        name = outlet_from_cue(_clean(str(text)) or "")
        if name:
            return name
    return None


def _read_metadata(tree: HtmlElement, marked: dict[str, list[HtmlElement]], url: str | None) -> _Meta:
    bp = load_boilerplate()
    meta = _Meta()
    metas = _metas(tree)
    objects = _jsonld(tree)
    articles = [o for o in objects if any(_ARTICLE_TYPES.search(t) for t in _types(o))]
    lang = tree.get("lang") or metas.get("og:locale") or ""
    if re.match(r"^[a-zA-Z]{2}\b", lang):
        meta.lang = lang[:2].lower()
    meta.description = _clean(metas.get("og:description") or metas.get("description"))

    # Outlet.
    outlet = _clean(next((metas[k] for k in bp.site_meta if metas.get(k)), None))
    if outlet and outlet.startswith("@"):
        outlet = None
    if not outlet:
        for obj in articles:
            outlet = _name_of(obj.get("publisher")) or _name_of(obj.get("isPartOf"))
            if outlet:
                break
    if not outlet:
        for obj in objects:
            if {"WebSite", "NewsMediaOrganization", "Organization"} & set(_types(obj)):
                outlet = _name_of(obj)
                if outlet:
                    break

    # Title.
    page_title = _clean(tree.findtext(".//title"))
    head, suffix = split_title_suffix(page_title or "", bp.title_separators)
    h1 = _first_h1(tree)
    headline = next((_clean(o.get("headline")) for o in articles if isinstance(o.get("headline"), str)), None)
    og_title = _clean(metas.get("og:title") or metas.get("twitter:title"))
    if og_title and (outlet or suffix):
        og_head, og_suffix = split_title_suffix(og_title, bp.title_separators)
        if og_suffix and _norm(og_suffix) in {_norm(outlet), _norm(suffix)}:
            og_title = og_head
    meta.title = og_title or headline or h1 or (head or None)
    if not outlet and suffix and (not h1 or _norm(head) == _norm(meta.title) or _norm(h1) in _norm(head)):
        outlet = suffix
    outlet = outlet or _brand(marked) or _copyright_outlet(tree)
    name = tidy_outlet(outlet) if outlet else None
    if name:
        meta.outlet = match_case(name, page_title or "") if name.isupper() else name
        meta.outlet = recase(meta.outlet)

    # Publication date.
    for obj in articles:
        for key in ("datePublished", "dateCreated"):
            value = obj.get(key)
            if isinstance(value, str) and (iso := date_from_machine(value)):
                meta.published, meta.evidence = iso, "json-ld"
                break
        if meta.published:
            break
    if not meta.published:
        for key in bp.date_meta:
            value = metas.get(key)
            if value and (iso := date_from_machine(value)):
                meta.published, meta.evidence = iso, "meta"
                break
    if not meta.published and (iso := _time_date(tree)):
        meta.published, meta.evidence = iso, "time"
    if not meta.published and (iso := _byline_date(marked)):
        meta.published, meta.evidence = iso, "byline"
    meta.page_date = _page_date(tree, marked)
    if not meta.published:
        found = htmldate.find_date(copy.deepcopy(tree), original_date=True, extensive_search=False, url=url)
        if found and (iso := date_from_machine(found)):
            meta.published, meta.evidence = iso, "htmldate"
    return meta


def _prune(tree: HtmlElement, marked: dict[str, list[HtmlElement]]) -> None:
    xp = _xpaths()
    total = sum(len(t) for t in xp["p_text"](tree)) or 1
    doomed: list[HtmlElement] = []
    candidates = xp["prune"](tree) + marked["prune"]
    for el in candidates:
        if not _is_element(el) or el.tag in _INLINE or el.tag in ("html", "body"):
            continue
        # Cheap bound first: all of an element's text bounds its paragraph text.
        if len(el.text_content()) > _MAX_PRUNE_SHARE * total:
            share = sum(len(t) for t in xp["p_text"](el)) / total
            if share > _MAX_PRUNE_SHARE:
                continue
        doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _is_noise_line(line: str, bp: Boilerplate) -> bool:
    if is_prose_line(line) and len(line) > _SHORT_LINE:
        return False
    return (
        bp.is_furniture(line, sentence=is_prose_line(line))
        or bp.is_section_header(line)
        or (len(line) <= _SHORT_LINE and bp.is_byline(line))
    )


def _mostly_prose(lines: list[str]) -> bool:
    total = sum(len(line) for line in lines)
    prose = sum(len(line) for line in lines if len(line) >= _PROSE_LINE and is_prose_line(line))
    return total > 0 and prose >= total / 2


def _postfilter(text: str, meta: _Meta) -> list[str]:
    bp = load_boilerplate()
    lines = [line for line in (" ".join(raw.split()) for raw in text.split("\n")) if line]
    title = _norm(meta.title)
    description = _norm(meta.description)
    # Title, standfirst, byline or date lines that survived pruning at the top. The
    # description is often the lead paragraph itself: only a headline-like one goes.
    while lines:
        first = lines[0]
        norm = _norm(first)
        short_meta = len(first) <= _SHORT_LINE and not is_prose_line(first) and bool(find_dates(first))
        standfirst = bool(description) and norm == description and not is_prose_line(first)
        if (title and norm == title) or standfirst or short_meta or _is_noise_line(first, bp):
            lines.pop(0)
            continue
        break
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i and not is_prose_line(line) and bp.is_section_header(line) and not _INLINE_LINK.match(line):
            rest = lines[i + 1 :]
            if not _mostly_prose(rest):
                # "More stories" followed by teasers: the article is over.
                break
            # A "Don't miss" box inside the article: skip it and its links.
            i += 1
            while i < len(lines) and not is_prose_line(lines[i]):
                i += 1
            continue
        if is_prose_line(line) or not _is_noise_line(line, bp):
            kept.append(line)
        i += 1
    # A feed's sign-off ("The post <headline> appeared first on <site>.") is as long as
    # the headline it quotes, so a strong furniture pattern ends the text at any length.
    while kept and (_is_noise_line(kept[-1], bp) or bp.is_furniture(kept[-1], sentence=True)):
        kept.pop()
    return kept


def extract_html(content: str, *, url: str | None = None) -> Page:
    """Extract the article of an HTML page; empty ``paragraphs`` when there is none."""
    tree = trafilatura.load_html(content)
    if tree is None:
        return Page(paragraphs=())
    marked = _mark(tree)
    meta = _read_metadata(tree, marked, url)
    _prune(tree, marked)
    text = trafilatura.extract(tree, url=url, include_comments=False)
    if not text:
        # Pruning can take everything from an unusual layout: try the page as it was.
        original = trafilatura.load_html(content)
        text = (
            trafilatura.extract(original, url=url, include_comments=False) if original is not None else None
        )
    paragraphs = _postfilter(text, meta) if text else []
    return Page(
        paragraphs=tuple(paragraphs),
        title=meta.title,
        outlet=meta.outlet,
        published=meta.published,
        published_evidence=meta.evidence,
        page_date=meta.page_date,
        lang=meta.lang,
    )
