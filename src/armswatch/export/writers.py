"""Text writers of export records: JSON Lines and CSV, one function per format.

A writer takes records (dicts), the fields to write in order, and a text stream, and returns
how many records it wrote. Nothing here knows the store.
"""

from __future__ import annotations

import csv
import json
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


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return CSV_LIST_SEPARATOR.join(str(item) for item in value)
    return value


def write_csv(records: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    """Write a header row and one row per record, lists joined by ``;``; return the count.

    Open ``out`` with ``newline=""`` when it is a file, as the csv module asks.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    n = 0
    for record in records:
        writer.writerow([_csv_cell(record[name]) for name in fields])
        n += 1
    return n


#: Text formats by name.
TEXT_WRITERS: dict[str, RecordWriter] = {"csv": write_csv, "jsonl": write_jsonl}

#: Format names accepted by :func:`export_articles` and :func:`export_events`.
FORMATS: tuple[str, ...] = tuple(sorted(TEXT_WRITERS))


def text_writer(format: str) -> RecordWriter:
    """The writer of a text format by name; ValueError naming the choices for another."""
    try:
        return TEXT_WRITERS[format]
    except KeyError:
        raise ValueError(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}") from None
