"""Plain-text page segmenter: the article body, title, outlet and dates of a copied web page.

Input is the text of a whole page as a browser or scraper copied it: masthead, menus,
headline, byline, body, share bars, lists of other stories, newsletter and cookie
prompts. The page is read as blocks (runs of lines between blank lines); each block is
classified, the body is the best contiguous run of prose blocks, and the title and the
article's own date are read from the blocks just above it. Words are never rewritten:
the body is the source text with each line's indentation removed, paragraphs joined
with a blank line, and hard-wrapped prose lines joined with one space.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from enum import Enum

from armswatch.clean.dates import DateHit, find_dates
from armswatch.clean.outlet import match_case, outlet_from_cue, tidy_outlet
from armswatch.clean.page import Page
from armswatch.clean.patterns import load_boilerplate

_BLOCK_TAG = re.compile(r"<\s*(?:br|/?p|/?div|/?li|/?h[1-6]|/?tr|/?blockquote)\b[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINE_BREAKS = re.compile(r"\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")

_CLOSERS = "\"'”’»)]*"
_TERMINAL = re.compile(rf"[.!?…][{re.escape(_CLOSERS)}]*$")
_TRUNCATED = re.compile(rf"(?:\.\.\.|…)[{re.escape(_CLOSERS)}]*$")
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[-–—•·»›*▪●◦+])\s+\S")
_NAV_SPLIT = re.compile(r"\s*(?:\||·|•|›|»|/|\[|\]|☰|\s{2,})\s*")
_BREADCRUMB = re.compile(r"[›»>/]")
_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")
# A close button or menu icon copied in front of a headline ("× US withdraws from ...").
_LEADING_SYMBOLS = re.compile(r"^[×✕✖☰▶►•|/]+\s*")
# "today, on 14 April 2018" or "today (14 April 2018)" in the first paragraph.
_TODAY_BEFORE = re.compile(r"\btoday\W{0,3}(?:on\s+)?$", re.IGNORECASE)
_TODAY_REACH = 400
# A clock time right after a date: the stamp of an article, not a page's "today" header.
_TIME_AFTER = re.compile(r"\s*(?:[,/|·–—-]\s*)?(?:at\s+)?\d{1,2}[:.]\d{2}\b")

# Thresholds measured in characters or words of one block. Prose shorter than
# _MIN_PROSE_WORDS is a caption or a label; a paragraph of _LONG_PROSE characters or more
# is something no menu, teaser or prompt is.
_MIN_PROSE_WORDS = 6
_MIN_PROSE_CHARS = 30
_LONG_PROSE = 150
_FURNITURE_MAX = 300
_HEADLINE_WORDS = (3, 30)
_HEADLINE_MAX_CHARS = 220
_LABEL_WORDS = 6
_DATE_LINE_MAX = 140
_BYLINE_MAX = 120
_CAPTION_MAX = 600
_TEASER_MAX = 220
# Hard-wrapped prose: every line but the last fills most of a fixed width.
_WRAP_WIDTH = (50, 100)
_WRAP_FILL = 0.75


class Kind(Enum):
    """What a block of a page is."""

    PROSE = "prose"
    HEADLINE = "headline"
    LABEL = "label"
    HEADER = "header"
    NAV = "nav"
    FURNITURE = "furniture"
    LIST = "list"
    TEASER = "teaser"
    DATE = "date"
    BYLINE = "byline"
    CAPTION = "caption"
    OTHER = "other"


@dataclass(slots=True)
class Block:
    """A run of non-blank lines, stripped of indentation."""

    lines: list[str]
    kind: Kind = Kind.OTHER
    dates: list[DateHit] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The block as it goes into the body."""
        return join_lines(self.lines)

    @property
    def chars(self) -> int:
        return sum(len(line) for line in self.lines)


def prepare_text(content: str) -> str:
    """Unify line breaks, decode character references and drop any stray tags."""
    text = _LINE_BREAKS.sub("\n", content)
    text = _CONTROL.sub("", text)
    if "<" in text:
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def _is_wrapped(lines: list[str]) -> bool:
    width = max(len(line) for line in lines)
    if not _WRAP_WIDTH[0] <= width <= _WRAP_WIDTH[1]:
        return False
    head = lines[:-1]
    if any(len(line) < _WRAP_FILL * width or _LIST_MARKER.match(line) for line in head):
        return False
    # A break in mid-sentence shows the lines were wrapped, not laid out one item a line.
    return any(
        not _TERMINAL.search(a) and (b[:1].islower() or b[:1].isdigit() or a.endswith((",", ";", "-")))
        for a, b in zip(head, lines[1:], strict=False)
    )


def join_lines(lines: list[str]) -> str:
    """Join a block's lines: hard-wrapped prose with spaces, anything else line by line."""
    if len(lines) > 1 and _is_wrapped(lines):
        return " ".join(lines)
    return "\n".join(lines)


def split_blocks(text: str) -> list[Block]:
    """Split a page into blocks of non-blank lines, each line stripped."""
    blocks: list[Block] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(Block(current))
            current = []
    if current:
        blocks.append(Block(current))
    out: list[Block] = []
    for block in blocks:
        # A page copied without blank lines arrives as one huge block: when a block holds
        # several long prose lines that are not a wrapped paragraph, each line is a paragraph.
        long_lines = sum(len(line) >= _LONG_PROSE and bool(_TERMINAL.search(line)) for line in block.lines)
        if long_lines >= 2 and not _is_wrapped(block.lines):
            out.extend(Block([line]) for line in block.lines)
        else:
            out.extend(b for part in _peel_caption(block) for b in _peel_header_lines(part))
    return out


def _peel_caption(block: Block) -> list[Block]:
    """Split the lines around a photo caption into blocks of their own.

    Pages copied without blank lines glue the headline and the dated byline above a caption,
    and the first paragraph below it, to the caption: each is its own block, so that the
    caption can be dropped without taking the headline or the body with it.
    """
    lines = block.lines
    bp = load_boilerplate()
    marks = [i for i, line in enumerate(lines) if len(line) <= _CAPTION_MAX and bp.is_caption(line)]
    if len(lines) < 2 or not marks or _is_wrapped(lines):
        return [block]
    first, last = marks[0], marks[-1]
    # The caption's own first sentence (an image's alt text) may stand on the line above it.
    top = first
    while top > 0 and is_prose_line(lines[top - 1]) and len(lines[top - 1]) < _LONG_PROSE:
        top -= 1
    bottom = last + 1
    while bottom < len(lines) and not (len(lines[bottom]) >= _LONG_PROSE and is_prose_line(lines[bottom])):
        bottom += 1
    parts = [*(Block([line]) for line in lines[:top]), Block(lines[top:bottom])]
    parts.extend(Block([line]) for line in lines[bottom:])
    return parts


def _peel_header_lines(block: Block) -> list[Block]:
    """Split a headline and a dated byline glued to the first paragraph into blocks of their own."""
    lines = block.lines
    if len(lines) < 2 or _is_wrapped(lines):
        return [block]
    first_prose = next(
        (i for i, line in enumerate(lines) if len(line) >= _LONG_PROSE and _TERMINAL.search(line)), None
    )
    if not first_prose:
        return [block]
    head = lines[:first_prose]
    if any(len(line) > _DATE_LINE_MAX or is_prose_line(line) for line in head):
        return [block]
    # Only a full date or a byline marks these lines as page header; a live blog's
    # "Monday 12:10" stamp above its entry stays with the entry.
    if not any(_is_date_line(line, find_dates(line)) or _is_byline_line(line) for line in head):
        return [block]
    return [*(Block([line]) for line in head), Block(lines[first_prose:])]


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def is_prose_line(line: str) -> bool:
    """A line that reads as running text: a sentence end and enough words."""
    return (
        bool(_TERMINAL.search(line))
        and len(line) >= _MIN_PROSE_CHARS
        and _words(line) >= _MIN_PROSE_WORDS
        and not _LIST_MARKER.match(line)
    )


def _is_nav_line(line: str) -> bool:
    if _TERMINAL.search(line) and not line.endswith("…"):
        return False
    # "By X | Belgrade | 30 May 2025" is a byline laid out like a menu.
    if find_dates(line) or load_boilerplate().is_byline(line):
        return False
    items = [item for item in _NAV_SPLIT.split(line) if item.strip()]
    if len(items) >= 3 and all(_words(item) <= 4 for item in items):
        return True
    # A breadcrumb: "World › Asia-Pacific".
    return (
        len(items) == 2
        and bool(_BREADCRUMB.search(line))
        and all(_words(item) <= 3 for item in items)
        and not find_dates(line)
    )


def _is_label(line: str) -> bool:
    if _TERMINAL.search(line):
        return False
    words = _words(line)
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return True
    if words <= 2:
        return True
    return words <= _LABEL_WORDS and all(c.isupper() for c in letters)


def _is_headline(line: str) -> bool:
    if line.endswith(".") or _TRUNCATED.search(line) or len(line) > _HEADLINE_MAX_CHARS:
        return False
    words = _words(line)
    return _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1] and any(c.isalpha() for c in line)


def _is_date_line(line: str, hits: list[DateHit]) -> bool:
    if not hits or len(line) > _DATE_LINE_MAX:
        return False
    if is_prose_line(line) and _words(line) > 12:
        return False
    rest = line
    for hit in reversed(hits):
        rest = rest[: hit.start] + rest[hit.end :]
    return _words(rest) <= 12


def _is_byline_line(line: str) -> bool:
    return len(line) <= _BYLINE_MAX and not is_prose_line(line) and load_boilerplate().is_byline(line)


def _classify(block: Block) -> Kind:
    bp = load_boilerplate()
    lines = block.lines
    first = lines[0]
    text = "\n".join(lines)
    block.dates = find_dates(text) if any(c.isdigit() for c in text) else []
    if (
        len(first) <= 80
        and _words(first) <= 10
        and not _TERMINAL.search(first)
        and bp.is_section_header(first)
    ):
        return Kind.HEADER
    if any(_is_nav_line(line) for line in lines) and not any(len(line) >= _LONG_PROSE for line in lines):
        return Kind.NAV
    prose_last = is_prose_line(lines[-1])
    if block.chars <= _FURNITURE_MAX and any(
        bp.is_furniture(line, sentence=is_prose_line(line)) for line in lines
    ):
        return Kind.FURNITURE
    if block.chars <= 2 * _CAPTION_MAX and any(
        len(line) <= _CAPTION_MAX and bp.is_caption(line) for line in lines
    ):
        return Kind.CAPTION
    if _LIST_MARKER.match(first):
        return Kind.LIST
    if len(lines) == 1 and _TRUNCATED.search(first) and len(first) <= 2 * _TEASER_MAX:
        return Kind.TEASER
    if (
        len(lines) == 2
        and _is_headline(first)
        and is_prose_line(lines[1])
        and (len(lines[1]) <= _TEASER_MAX or _TRUNCATED.search(lines[1]))
    ):
        return Kind.TEASER
    line_hits = [find_dates(line) if block.dates else [] for line in lines]
    if block.dates and all(
        _is_date_line(line, hits) or _is_byline_line(line) or (not hits and _is_label(line))
        for line, hits in zip(lines, line_hits, strict=True)
    ):
        return Kind.DATE
    if all(_is_byline_line(line) for line in lines):
        return Kind.BYLINE
    if prose_last or (
        len(lines) > 1
        and max(len(line) for line in lines) >= _LONG_PROSE
        and any(is_prose_line(line) for line in lines)
    ):
        return Kind.PROSE
    if len(lines) == 1 and _is_label(first):
        return Kind.LABEL
    if len(lines) == 1 and _is_headline(first):
        return Kind.HEADLINE
    return Kind.OTHER


def classify_blocks(blocks: list[Block]) -> None:
    """Set the kind of every block."""
    for block in blocks:
        block.kind = _classify(block)


def _is_long_prose(block: Block) -> bool:
    return block.kind is Kind.PROSE and block.chars >= _LONG_PROSE


# Blocks that may sit inside an article (a subheading, a list, a live blog's time stamp) and
# go into the body when long prose follows them.
_BRIDGE_KEEP = frozenset({Kind.HEADLINE, Kind.LIST, Kind.OTHER, Kind.DATE})
# Blocks that may sit inside an article but are dropped from it (an "Advertisement" line).
_BRIDGE_DROP = frozenset({Kind.FURNITURE, Kind.LABEL, Kind.BYLINE, Kind.CAPTION})
_MAX_BRIDGE = 2


def _teaser_list_at(blocks: list[Block], j: int) -> bool:
    """True when headline + one-paragraph pairs repeat from ``j``: other stories, not subheadings."""
    # Blocks the body would drop anyway are skipped, so that cleaning a cleaned body
    # reaches the same verdict.
    seq = [b for b in blocks[j:] if b.kind not in _BRIDGE_DROP]
    pairs, x = 0, 0
    while (
        x + 1 < len(seq)
        and seq[x].kind is Kind.HEADLINE
        and seq[x + 1].kind in (Kind.PROSE, Kind.TEASER)
        and seq[x + 1].chars <= 2 * _TEASER_MAX
    ):
        pairs += 1
        x += 2
    return pairs >= 2


def _runs(blocks: list[Block]) -> list[tuple[int, int, list[int]]]:
    """Contiguous prose runs as (first, last, indexes of blocks kept)."""
    runs: list[tuple[int, int, list[int]]] = []
    i, n = 0, len(blocks)
    while i < n:
        if blocks[i].kind is not Kind.PROSE:
            i += 1
            continue
        start, kept, j = i, [i], i + 1
        while j < n:
            kind = blocks[j].kind
            if kind is Kind.PROSE:
                kept.append(j)
                j += 1
                continue
            if kind not in _BRIDGE_KEEP and kind not in _BRIDGE_DROP:
                break
            # Bridge up to _MAX_BRIDGE odd blocks when a long paragraph follows them.
            k = j
            while k < n and k - j < _MAX_BRIDGE and blocks[k].kind in _BRIDGE_KEEP | _BRIDGE_DROP:
                k += 1
            if k < n and _is_long_prose(blocks[k]) and not _teaser_list_at(blocks, j):
                kept.extend(x for x in range(j, k) if blocks[x].kind in _BRIDGE_KEEP)
                j = k
                continue
            break
        runs.append((start, kept[-1], kept))
        i = j
    return runs


def _score(blocks: list[Block], kept: list[int]) -> int:
    return sum(blocks[x].chars for x in kept if blocks[x].kind is Kind.PROSE)


def _find_body(blocks: list[Block]) -> tuple[int, int, list[int]] | None:
    runs = _runs(blocks)
    if not runs:
        return None
    return max(runs, key=lambda run: (_score(blocks, run[2]), -run[0]))


_BOUNDARY = frozenset({Kind.NAV, Kind.HEADER, Kind.LABEL})


def _first_line_norm(block: Block) -> str:
    return " ".join(_WORD.findall(block.lines[0].lower()))


def _find_title(blocks: list[Block], body_start: int, outlet: str | None) -> int | None:
    """Index of the title block: the first headline after the last boundary above the body."""
    outlet_norm = " ".join(_WORD.findall(outlet.lower())) if outlet else None
    zone_start = 0
    for i in range(body_start - 1, -1, -1):
        if blocks[i].kind in _BOUNDARY:
            zone_start = i + 1
            break
    for i in range(zone_start, body_start):
        block = blocks[i]
        if block.kind is Kind.HEADLINE and _first_line_norm(block) != outlet_norm:
            return i
    # No boundary-delimited header: take the nearest headline above the body.
    for i in range(body_start - 1, max(-1, body_start - 7), -1):
        block = blocks[i]
        if (
            block.kind is Kind.HEADLINE
            and _words(block.lines[0]) >= 4
            and _first_line_norm(block) != outlet_norm
        ):
            return i
    # An all-caps headline reads as a label: accept one sitting right above the body.
    for i in range(body_start - 1, -1, -1):
        block = blocks[i]
        if block.kind in (Kind.DATE, Kind.BYLINE, Kind.FURNITURE):
            continue
        if (
            block.kind is Kind.LABEL
            and len(block.lines) == 1
            and _words(block.lines[0]) >= _HEADLINE_WORDS[0]
            and _first_line_norm(block) != outlet_norm
        ):
            return i
        break
    return None


def _pick_published(hits: list[DateHit]) -> DateHit | None:
    for label in ("published", None, "updated"):
        for hit in hits:
            if hit.label == label:
                return hit
    return None


def _dates(
    blocks: list[Block], body: tuple[int, int, list[int]], title: int | None
) -> tuple[str | None, str | None, str | None]:
    """(published, evidence, page_date) of a segmented page."""
    start, end, _ = body
    zone_start = title + 1 if title is not None else start
    # Walk up from the body to the title (or the nearest boundary) for the byline date.
    if title is None:
        for i in range(start - 1, -1, -1):
            if blocks[i].kind in _BOUNDARY:
                break
            zone_start = i
    # A caption's date is when the picture was taken, not when the article appeared.
    byline_hits = [
        h for b in blocks[zone_start:start] for h in b.dates if b.kind not in (Kind.PROSE, Kind.CAPTION)
    ]
    published: DateHit | None = _pick_published(byline_hits)
    evidence = "byline" if published else None
    page_date: str | None = None
    header_hits = [h for b in blocks[:zone_start] for h in b.dates if b.kind is not Kind.CAPTION]
    if header_hits:
        page_date = header_hits[0].iso
    if published is None and title is None:
        # With no headline to anchor on, a weekday date above the body is the page's "today".
        undated = [h for h in byline_hits if not h.weekday]
        published = _pick_published(undated)
        evidence = "byline" if published else None
        if page_date is None and byline_hits and published is None:
            page_date = byline_hits[0].iso
    if published is None:
        stamped = [
            h
            for b in blocks[:zone_start]
            if b.kind is not Kind.CAPTION
            for h in b.dates
            if _TIME_AFTER.match("\n".join(b.lines), h.end)
        ]
        if stamped:
            published, evidence = stamped[0], "timestamp"
            if page_date == published.iso:
                page_date = None
    if published is None:
        first = blocks[start].text[:100]
        hits = find_dates(first)
        if hits and hits[0].start <= 40:
            published, evidence = hits[0], "dateline"
    if published is None:
        # "... in an operation today, on 14 April 2018": the article names its own day.
        first = blocks[start].text[:_TODAY_REACH]
        today = [h for h in find_dates(first) if _TODAY_BEFORE.search(first[: h.start])]
        if today:
            published, evidence = today[0], "today"
    if published is None:
        for block in blocks[end + 1 : end + 4]:
            labelled = [h for h in block.dates if h.label == "published"]
            if labelled and block.kind not in (Kind.PROSE, Kind.CAPTION):
                published, evidence = labelled[0], "byline"
                break
    return (published.iso if published else None), evidence, page_date


def _masthead(blocks: list[Block], body_start: int) -> tuple[str, bool] | None:
    """The page's masthead line and whether it looks like one without confirmation."""
    for i, block in enumerate(blocks[:4]):
        if block.kind in (Kind.FURNITURE, Kind.HEADER):
            continue
        # Text right above the article body is its headline, not the masthead.
        if all(b.kind in (Kind.FURNITURE, Kind.DATE, Kind.BYLINE) for b in blocks[i + 1 : body_start]):
            return None
        line = block.lines[0]
        if find_dates(line) or _TERMINAL.search(line) or _words(line) > _LABEL_WORDS or _is_nav_line(line):
            return None
        letters = [c for c in line if c.isalpha()]
        if not letters:
            return None
        shouty = all(c.isupper() for c in letters)
        # A one-word masthead ("LIVE", "ANALYSIS") is more often a label: it needs a second cue.
        return line, (shouty or len(block.lines) > 1) and _words(line) > 1
    return None


def _outlet(blocks: list[Block], page_text: str, body_start: int) -> str | None:
    cue_names: list[str] = []
    for block in blocks:
        if block.kind in (Kind.PROSE,) and block.chars > _FURNITURE_MAX:
            continue
        for line in block.lines:
            if len(line) > _FURNITURE_MAX:
                continue
            name = outlet_from_cue(line)
            if name:
                cue_names.append(name)
    masthead = _masthead(blocks, body_start)
    if masthead:
        line, sure = masthead
        name = tidy_outlet(line)
        if name:
            lowered = name.lower()
            confirmed = any(lowered in c.lower() or c.lower() in lowered for c in cue_names)
            if sure or confirmed:
                return match_case(name, page_text)
    if cue_names:
        return match_case(cue_names[0], page_text)
    return None


def segment_text(content: str) -> Page:
    """Segment a plain-text page; an empty ``paragraphs`` means no article body was found."""
    text = prepare_text(content)
    blocks = split_blocks(text)
    classify_blocks(blocks)
    body = _find_body(blocks)
    if body is None:
        return Page(paragraphs=())
    start, _, kept = body
    paragraphs = tuple(blocks[i].text for i in kept)
    outlet = _outlet(blocks, text, start)
    title_index = _find_title(blocks, start, outlet)
    title = _LEADING_SYMBOLS.sub("", blocks[title_index].lines[0]) if title_index is not None else None
    published, evidence, page_date = _dates(blocks, body, title_index)
    return Page(
        paragraphs=paragraphs,
        title=title,
        outlet=outlet,
        published=published,
        published_evidence=evidence,
        page_date=page_date,
    )
