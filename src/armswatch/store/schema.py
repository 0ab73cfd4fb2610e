"""Versioned schema migrations for the armswatch SQLite database.

Migrations are the SQL files ``store/migrations/NNNN_name.sql``, applied in version order,
each in its own transaction together with its row in the ``migrations`` table. A migration
is known by its name: a database that records one under another number (written while
migrations of parallel branches were numbered apart, before they were merged and renumbered)
has it applied, and its rows are renumbered before the missing ones are applied. A database
that records a name this armswatch does not know was written by a newer release and is
refused rather than guessed at.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from armswatch.clock import now
from armswatch.store.errors import SchemaVersionError, StoreError

_FILE_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")

_CREATE_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS migrations (
    "version" INTEGER PRIMARY KEY,
    "name" TEXT NOT NULL,
    "applied_at" TEXT NOT NULL
)
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One schema step: its version number, name and SQL script."""

    version: int
    name: str
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    """Return the migrations shipped with this armswatch, in version order."""
    found: list[Migration] = []
    for entry in files("armswatch.store").joinpath("migrations").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match is None:
            continue
        found.append(Migration(version=int(match[1]), name=match[2], sql=entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    # A gap or a duplicate means a packaging mistake; applying around it would corrupt databases.
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise StoreError(f"store migrations are not numbered 1..n: {[m.version for m in found]}")
    return tuple(found)


def latest_version() -> int:
    """Return the schema version this armswatch writes."""
    return migrations()[-1].version


def split_statements(script: str) -> list[str]:
    """Split an SQL script into single statements (trigger bodies stay whole)."""
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if _has_code(statement):
                statements.append(statement)
            buffer = ""
    if _has_code(buffer.rstrip(";")):
        raise StoreError(f"incomplete SQL statement at the end of a migration: {buffer.strip()[:80]!r}")
    return statements


def _has_code(sql: str) -> bool:
    lines = (line.split("--", 1)[0].strip() for line in sql.splitlines())
    return any(line and line != ";" for line in lines)


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    """Return the migration versions recorded in the database (empty for a new file)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if has_table is None:
        return set()
    return {int(row[0]) for row in conn.execute('SELECT "version" FROM migrations')}


def recorded_migrations(conn: sqlite3.Connection) -> dict[int, str]:
    """The migrations recorded in the database: version -> name (empty for a new file)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if has_table is None:
        return {}
    return {int(row[0]): str(row[1]) for row in conn.execute('SELECT "version", "name" FROM migrations')}


def check_version(conn: sqlite3.Connection, *, path: str) -> list[Migration]:
    """Return the migrations still to apply; raise if the database is newer than this code."""
    recorded = recorded_migrations(conn)
    known = {m.name for m in migrations()}
    unknown = sorted(version for version, name in recorded.items() if name not in known)
    if unknown:
        raise SchemaVersionError(
            f"{path}: database schema version {max(unknown)} was written by a newer armswatch "
            f"(this one knows up to version {latest_version()}); upgrade armswatch to open it"
        )
    applied = set(recorded.values())
    return [m for m in migrations() if m.name not in applied]


def _renumber(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """Give recorded migrations their shipped numbers; return the (old, new) numbers changed."""
    number = {m.name: m.version for m in migrations()}

    def misnumbered() -> list[tuple[int, int]]:
        recorded = recorded_migrations(conn).items()
        return [(v, number[n]) for v, n in recorded if n in number and v != number[n]]

    if not misnumbered():
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the write lock: another process may have renumbered meanwhile.
        moved = misnumbered()
        # Out of the way first, so that no two rows ever hold one number.
        for old, _ in moved:
            conn.execute('UPDATE migrations SET "version" = ? WHERE "version" = ?', (-old, old))
        for old, new in moved:
            conn.execute('UPDATE migrations SET "version" = ? WHERE "version" = ?', (new, -old))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return moved


def migrate(conn: sqlite3.Connection, *, path: str) -> list[int]:
    """Apply every pending migration, each atomically; return the versions applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``): transactions are explicit.
    """
    done: list[int] = []
    pending = check_version(conn, path=path)
    _renumber(conn)
    for migration in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_CREATE_MIGRATIONS)
            # Another process may have applied it while we waited for the write lock.
            if migration.name in recorded_migrations(conn).values():
                conn.execute("ROLLBACK")
                continue
            for statement in split_statements(migration.sql):
                conn.execute(statement)
            conn.execute(
                'INSERT INTO migrations ("version", "name", "applied_at") VALUES (?, ?, ?)',
                (migration.version, migration.name, now()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done.append(migration.version)
    return done
