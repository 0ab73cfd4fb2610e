"""Regenerate the state rows of the KB from pycountry and scripts/states.csv.

    python scripts/build_states.py           # rewrite src/armswatch/kb/{actors,aliases,places}.csv
    python scripts/build_states.py --check   # exit 1 if the committed files are out of date

What it does, and nothing more:
- actors.csv: one row per state of states.csv (every ISO 3166-1 code plus non-ISO rows such as
  XKX), replacing the previous state rows; other actors are kept as they are.
- aliases.csv: adds pycountry's name, official name and common name (skipping the inverted
  "Korea, Republic of" forms and parenthesised ones), the display name of states.csv and each
  capital, unless a row for that (alias, actor) already exists. Existing rows are never changed
  or removed, so notes, case and ambiguity marks written by hand survive a rerun.
- places.csv: adds each capital as a city of its state, unless a place of that name exists or
  states.csv lists it under not_a_place (a name that is mostly something else: Washington,
  Victoria, Douglas); such rows are removed.
- people.csv, titles.csv, weapons.csv: only re-sorted.
Every file is written back sorted (first column, then second, case-insensitive; ties keep
their order).

The runtime reads only the CSV files; this script and states.csv are build inputs.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import pycountry

from armswatch.kb import NON_ISO_MARK, row_sort_key

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "scripts" / "states.csv"
KB_DIR = ROOT / "src" / "armswatch" / "kb"


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle) if row]
    return rows[0], rows[1:]


def _render(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    ordered: list[list[str]] = sorted(rows, key=row_sort_key)
    writer.writerows(ordered)
    return out.getvalue()


def _usable(name: str) -> str | None:
    """A pycountry name as it runs in text, or None for list-style forms ("Korea, Republic of")."""
    if not name or "," in name or "(" in name:
        return None
    if name.startswith("the "):
        name = name[4:]
    return name


def build(table: Path = TABLE, kb_dir: Path = KB_DIR) -> dict[str, str]:
    """The new text of every KB table, keyed by file name."""
    _, states = _read(table)
    codes = {row[0] for row in states}
    iso = {country.alpha_3 for country in pycountry.countries}
    missing = sorted(iso - codes)
    if missing:
        raise SystemExit(f"{table}: no row for ISO codes {', '.join(missing)}")
    extra = sorted(row[0] for row in states if row[0] not in iso and NON_ISO_MARK not in row[4])
    if extra:
        raise SystemExit(f"{table}: not ISO 3166-1 and not marked {NON_ISO_MARK!r}: {', '.join(extra)}")

    actor_header, actors = _read(kb_dir / "actors.csv")
    kept = [row for row in actors if row[1] != "state" or row[0] not in codes]
    kept += [[iso3, "state", name, "", "", note] for iso3, name, _, _, note in states]

    alias_header, aliases = _read(kb_dir / "aliases.csv")
    have = {(row[0], row[1]) for row in aliases}
    not_places = {
        (capital.strip(), row[0]) for row in states for capital in row[3].split(";") if capital.strip()
    }
    place_header, places = _read(kb_dir / "places.csv")
    places = [row for row in places if (row[0], row[1]) not in not_places]
    have_place = {row[0].casefold() for row in places}

    def add_alias(text: str | None, iso3: str, kind: str) -> None:
        if text and (text, iso3) not in have:
            have.add((text, iso3))
            aliases.append([text, iso3, kind, "any", ""])

    for iso3, name, capitals, _, _ in states:
        country = pycountry.countries.get(alpha_3=iso3)
        pyc_names: set[str] = set()
        if country is not None:
            for attribute in ("name", "official_name"):
                usable = _usable(getattr(country, attribute, ""))
                if usable:
                    pyc_names.add(usable)
                    add_alias(usable, iso3, "name")
            add_alias(_usable(getattr(country, "common_name", "")), iso3, "short")
        if name not in pyc_names:
            add_alias(name, iso3, "short")
        for capital in (part.strip() for part in capitals.split(";") if part.strip()):
            add_alias(capital, iso3, "capital")
            if capital.casefold() not in have_place and (capital, iso3) not in not_places:
                have_place.add(capital.casefold())
                places.append([capital, iso3, "city"])

    texts = {
        "actors.csv": _render(actor_header, kept),
        "aliases.csv": _render(alias_header, aliases),
        "places.csv": _render(place_header, places),
    }
    # The other tables are only kept sorted, so that one command tidies the whole KB.
    for name in ("people.csv", "titles.csv", "weapons.csv"):
        texts[name] = _render(*_read(kb_dir / name))
    return texts


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with --check report whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file would change")
    args = parser.parse_args(argv)
    stale = []
    for name, text in build().items():
        path = KB_DIR / name
        if path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        sys.stderr.write(f"out of date: {', '.join(stale)} (run scripts/build_states.py)\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
