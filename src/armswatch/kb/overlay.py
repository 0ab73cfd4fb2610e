"""The ``--kb DIR`` overlay: files of the shipped names whose rows or entries join the KB.

CSV files: rows are added, and a row with the key of a shipped row replaces it (keys in
:data:`armswatch.kb.reader.CSV_FILES`). TOML files merge into the shipped data: tables key by
key, lists of words by adding the overlay's words, arrays of tables by adding entries (an
entry with the ``id`` of a shipped entry replaces it; a file in id order stays so); any
other value replaces the shipped one.
"""

from __future__ import annotations

from pathlib import Path

from armswatch.kb.reader import CSV_FILES, FOLDED_KEYS, TOML_FILES, Report, Row


def merge_rows(base: list[Row], extra: list[Row], name: str) -> list[Row]:
    """Rows of ``base`` with ``extra`` added; an extra row with the same key replaces the base row."""
    _, key_columns = CSV_FILES[name]
    folded = name in FOLDED_KEYS

    def key(row: Row) -> tuple[str, ...]:
        parts = tuple(row.values[column] for column in key_columns)
        return tuple(part.casefold() for part in parts) if folded else parts

    replaced = {key(row) for row in extra}
    return [row for row in base if key(row) not in replaced] + extra


def merge_toml(base: dict[str, object], extra: dict[str, object]) -> dict[str, object]:
    """``base`` with an overlay's TOML data merged in (see the module docstring)."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge_toml(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = _merge_list(old, value)
        else:
            out[key] = value
    return out


def _merge_list(base: list[object], extra: list[object]) -> list[object]:
    if not all(isinstance(v, dict) for v in (*base, *extra)):
        return base + [v for v in extra if v not in base]
    ids = [v.get("id") for v in base if isinstance(v, dict)]
    if None in ids:
        return base + extra
    by_id = {v.get("id"): v for v in extra if isinstance(v, dict)}
    merged = [by_id.pop(i, v) for i, v in zip(ids, base, strict=True)] + list(by_id.values())
    if ids == sorted(ids, key=str):
        # A file kept in id order stays in id order with the overlay's entries among its own.
        merged.sort(key=lambda v: str(v.get("id")) if isinstance(v, dict) else "")
    return merged


def overlay_texts(overlay: Path, report: Report) -> dict[str, str]:
    if not overlay.is_dir():
        report.add(str(overlay), "not a directory")
        return {}
    texts: dict[str, str] = {}
    for path in sorted(overlay.iterdir()):
        if path.name in CSV_FILES or path.name in TOML_FILES or path.name == "VERSION":
            # utf-8-sig: an overlay saved from a spreadsheet may start with a byte-order mark.
            texts[path.name] = path.read_text(encoding="utf-8-sig")
        elif path.suffix in (".csv", ".toml"):
            known = ", ".join((*CSV_FILES, *TOML_FILES))
            report.add(str(path), f"unknown KB file (expected one of {known})")
    return texts
