"""Text writers of export records: JSON Lines and CSV, one function per format.

A writer takes records (dicts), the fields to write in order, and a text stream, and returns
how many records it wrote. Nothing here knows the store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TextIO

#: Separator of list items in a CSV cell (actor ids and weapon categories never contain it).
CSV_LIST_SEPARATOR = ";"

# JSON allows these raw inside strings, but str.splitlines() and JavaScript line readers
# break lines at them; escaping keeps one record per line for every reader.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}

RecordWriter = Callable[[Iterable[dict[str, Any]], Sequence[str], TextIO], int]


def write_jsonl(records: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    """Write one JSON object per line (UTF-8 text, not ASCII-escaped); return the count."""
    n = 0
    for record in records:
        line = json.dumps({name: record[name] for name in fields}, ensure_ascii=False)
        for char, escape in _LINE_BREAKS.items():
            if char in line:
                line = line.replace(char, escape)
        out.write(line + "\n")
        n += 1
    return n


#: What a spreadsheet reads as a formula at the start of a cell (OWASP, "CSV Injection"):
#: such a cell is written behind a single quote, so that it shows as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Columns that hold dates: ``csv-excel`` keeps them as text, which Excel would turn into
#: dates of its own ("2023-09" becomes 1 September).
DATE_COLUMNS = frozenset(
    {
        "date",
        "event_date",
        "published",
        "publication_date",
        "first_reported",
        "last_reported",
        "first_published",
        "last_published",
        "fetched_at",
        "ingested_at",
        "updated_at",
    }
)
# Only what a date or a timestamp is made of goes inside an Excel text formula.
_DATE_TEXT = re.compile(r"[0-9][0-9T:.+Z -]*")
_BOM = "\ufeff"


def neutralize(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet will not evaluate (OWASP's rule)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_text(value: Any) -> str | None:
    """A cell's text, or None for a null (lists joined by ``;``)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return CSV_LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return neutralize(str(value))


def _quoted(text: str | None) -> str:
    # RFC 4180 quoting, and the convention of PostgreSQL's COPY: a null is an empty field, an
    # empty string a quoted one ("").
    if text is None:
        return ""
    if text == "" or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(
    records: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO, *, excel: bool = False
) -> int:
    """Write a header row and one row per record, lists joined by ``;``; return the count.

    Cells that a spreadsheet would run as a formula are neutralized; a null is an empty field
    and an empty string ``""``. ``excel`` starts the file with a byte-order mark (Excel then
    reads UTF-8) and keeps dates as text (``="2023-09"``). Open ``out`` with ``newline=""``
    when it is a file.
    """
    if excel:
        out.write(_BOM)
    out.write(",".join(_quoted(neutralize(name)) for name in fields) + "\n")
    n = 0
    for record in records:
        cells = []
        for name in fields:
            text = _csv_text(record[name])
            if excel and text and name in DATE_COLUMNS and _DATE_TEXT.fullmatch(text):
                text = f'="{text}"'
            cells.append(_quoted(text))
        out.write(",".join(cells) + "\n")
        n += 1
    return n


def write_csv_excel(records: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    """:func:`write_csv` for Excel: a byte-order mark first, dates kept as text."""
    return write_csv(records, fields, out, excel=True)


#: Text formats by name.
TEXT_WRITERS: dict[str, RecordWriter] = {"csv": write_csv, "csv-excel": write_csv_excel, "jsonl": write_jsonl}

#: Format names accepted by :func:`export_articles` and :func:`export_events`.
FORMATS: tuple[str, ...] = tuple(sorted(TEXT_WRITERS))


def text_writer(format: str) -> RecordWriter:
    """The writer of a text format by name; ValueError naming the choices for another."""
    try:
        return TEXT_WRITERS[format]
    except KeyError:
        raise ValueError(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}") from None
