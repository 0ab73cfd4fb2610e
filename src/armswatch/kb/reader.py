"""Reading KB files: the CSV tables row by row with their origin, the TOML files as data.

Every problem goes to a :class:`Report` as ``file:line: reason``; nothing here raises.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources

#: file name -> (required columns, key columns of a row for overlay replacement)
CSV_FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "actors.csv": (("id", "kind", "name", "state", "members", "note"), ("id",)),
    "aliases.csv": (("alias", "actor_id", "kind", "case", "note"), ("alias", "actor_id")),
    "people.csv": (
        ("id", "name", "aliases", "state", "role", "valid_from", "valid_to", "note"),
        ("id",),
    ),
    "titles.csv": (("title", "role", "note"), ("title",)),
    "weapons.csv": (("term", "category", "kind", "maker", "note"), ("term",)),
    "places.csv": (("name", "state", "kind"), ("name",)),
    "conflicts.csv": (("id", "side_a", "side_b", "places", "start", "end", "note"), ("id",)),
}
#: Keys compared case-insensitively, because the text they match is.
FOLDED_KEYS = frozenset({"titles.csv", "places.csv"})

#: The TOML files of the KB: event cues and words, story stop words, UN sanctions regimes.
TOML_FILES = ("triggers.toml", "stopwords.toml", "sanctions.toml")


@dataclass(slots=True)
class Row:
    values: dict[str, str]
    origin: str  # "kb/aliases.csv:12"


@dataclass(slots=True)
class Report:
    problems: list[str] = field(default_factory=list)

    def add(self, origin: str, reason: str) -> None:
        self.problems.append(f"{origin}: {reason}")


def row_sort_key(row: Sequence[str]) -> tuple[str, str]:
    """The order every KB file keeps: first column, then second, both case-insensitive."""
    first = row[0].casefold() if row else ""
    second = row[1].casefold() if len(row) > 1 else ""
    return first, second


def read_csv(text: str, label: str, name: str, report: Report, check_order: bool) -> list[Row]:
    required, _ = CSV_FILES[name]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        report.add(f"{label}:1", "empty file, expected a header row")
        return []
    missing = [column for column in required if column not in header]
    if missing:
        report.add(f"{label}:1", f"missing column(s) {', '.join(missing)}")
        return []
    rows: list[Row] = []
    previous: tuple[str, str] | None = None
    for fields in reader:
        origin = f"{label}:{reader.line_num}"
        if not fields or all(not value.strip() for value in fields):
            continue
        if len(fields) != len(header):
            report.add(origin, f"expected {len(header)} fields, found {len(fields)}")
            continue
        values = dict(zip(header, fields, strict=True))
        spaced = [column for column, value in values.items() if value != value.strip()]
        if spaced:
            report.add(origin, f"leading or trailing spaces in {', '.join(spaced)}")
            values = {column: value.strip() for column, value in values.items()}
        if check_order:
            key = row_sort_key(fields)
            if previous is not None and key < previous:
                report.add(origin, f"not sorted: {fields[0]!r} belongs before the line above")
            previous = key
        rows.append(Row(values, origin))
    return rows


def read_toml(text: str, label: str, report: Report) -> dict[str, object] | None:
    """The parsed TOML ``text``, or None (and a problem reported) when it does not parse."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        report.add(label, str(exc))
        return None


def package_texts() -> dict[str, str]:
    """The text of every shipped KB file, by file name."""
    here = resources.files("armswatch.kb")
    names = (*CSV_FILES, *TOML_FILES, "VERSION")
    return {name: here.joinpath(name).read_text(encoding="utf-8") for name in names}
