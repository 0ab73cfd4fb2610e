"""SQL building blocks shared by the SQLite reader, writer and story index.

Small pure helpers (placeholders, WHERE and LIMIT fragments, the date and actor filters of
events and facts, row decoding), kept in one module so that no module of the store reaches
into another's private names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from armswatch.clock import now as now
from armswatch.store.fields import EVENT_FIELDS, EVENT_LIST_FIELDS, FACT_FIELDS, FACT_LIST_FIELDS

_DATE_BOUND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

#: Ids per ``IN (...)`` list: well under SQLite's limit on bound parameters.
CHUNK = 500

#: The fact columns of a query on ``facts f``, in :data:`FACT_FIELDS` order.
FACT_COLUMNS = ", ".join(f'f."{name}"' for name in FACT_FIELDS)


def json_list(values: Iterable[object]) -> str:
    """A JSON list column's text (UTF-8, not ASCII-escaped)."""
    return json.dumps(list(values), ensure_ascii=False)


def marks(n: int) -> str:
    """``n`` comma-separated ``?`` placeholders."""
    return ", ".join("?" * n)


def where(clauses: list[str]) -> str:
    """A WHERE clause joining ``clauses`` with AND (empty when there are none)."""
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def limit_clause(limit: int | None, params: list[Any]) -> str:
    """A LIMIT clause (its value appended to ``params``), empty for no limit."""
    if limit is None:
        return ""
    if limit < 0:
        raise ValueError(f"limit must be >= 0, not {limit}")
    params.append(limit)
    return " LIMIT ?"


def check_bound(name: str, value: str) -> str:
    """``value`` if it is a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date bound; ValueError if not."""
    if not _DATE_BOUND.match(value):
        raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def date_filter(column: str, op: str, bound: str) -> tuple[str, list[Any]]:
    """A clause comparing ``column`` with ``bound`` on their common prefix, and its parameters."""
    prefix = f"min(length({column}), length(?))"
    sql = f"({column} IS NOT NULL AND substr({column}, 1, {prefix}) {op} substr(?, 1, {prefix}))"
    return sql, [bound, bound, bound]


def record_filters(
    *,
    alias: str,
    key: str,
    actors_table: str,
    columns: Mapping[str, str | None],
    source: str | None,
    target: str | None,
    actor: str | None,
    date_column: str,
    since: str | None,
    until: str | None,
) -> tuple[list[str], list[Any]]:
    """WHERE clauses shared by events and facts: exact columns, actors by role, dates.

    ``alias`` is the record table's alias, ``key`` its id column, ``actors_table`` the
    junction table of (key, actor_id, role).
    """
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in columns.items():
        if value is not None:
            clauses.append(f'{alias}."{column}" = ?')
            params.append(value)
    exists = f"EXISTS (SELECT 1 FROM {actors_table} x WHERE x.{key} = {alias}.{key}"
    for role, value in (("source", source), ("target", target)):
        if value is not None:
            clauses.append(exists + " AND x.role = ? AND x.actor_id = ?)")
            params.extend([role, value])
    if actor is not None:
        clauses.append(exists + " AND x.actor_id = ?)")
        params.append(actor)
    for name, op, bound in (("since", ">=", since), ("until", "<=", until)):
        if bound is not None:
            clause, extra = date_filter(date_column, op, check_bound(name, bound))
            clauses.append(clause)
            params.extend(extra)
    return clauses, params


def event_dict(row: Sequence[Any]) -> dict[str, Any]:
    """An ``events`` row (in :data:`EVENT_FIELDS` order) as a dict, JSON lists decoded."""
    record = dict(zip(EVENT_FIELDS, row, strict=True))
    for name in EVENT_LIST_FIELDS:
        record[name] = json.loads(record[name])
    return record


def fact_dict(row: Sequence[Any]) -> dict[str, Any]:
    """A ``facts`` row (in :data:`FACT_FIELDS` order) as a dict, JSON lists decoded."""
    record = dict(zip(FACT_FIELDS, row, strict=True))
    for name in FACT_LIST_FIELDS:
        record[name] = json.loads(record[name])
    return record
