"""The ``armswatch`` command line: each command parses options and calls one library function."""

from __future__ import annotations

import json
import logging
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click

from armswatch.models import FACT_STATUSES, FACTUALITIES
from armswatch.sources import DEFAULT_MAX_BYTES
from armswatch.version import __version__

F = TypeVar("F", bound=Callable[..., Any])

EXPORT_FORMATS = ("jsonl", "csv", "csv-excel", "parquet")
EVENT_EXPORT_FORMATS = (*EXPORT_FORMATS, "plover", "flat", "flat-excel")
GRAPH_FORMATS = ("graphml", "gexf")


LIST_FORMATS = ("table", "json", "csv")
#: Options every command accepts, before or after the command's name.
GLOBAL_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose", "-vv", "-vvv"})


def _console() -> Any:
    """A rich console; piped output gets wide tables instead of rich's 80-column default,
    unless COLUMNS says how wide the reader's screen is."""
    from rich.console import Console

    wide = sys.stdout.isatty() or bool(os.environ.get("COLUMNS"))
    return Console(width=None if wide else 200)


def db_option(func: F) -> F:
    """The ``--db`` option every command that reads or writes the store shares."""
    return click.option(
        "--db",
        "db_path",
        default="armswatch.db",
        show_default=True,
        envvar="ARMSWATCH_DB",
        type=click.Path(dir_okay=False),
        help="SQLite database file (env ARMSWATCH_DB).",
    )(func)


def event_filters(func: F) -> F:
    """Filters shared by ``events``, ``facts`` and the exports (``armswatch vocabulary`` lists values)."""
    options = [
        click.option("--type", "type_", help="Event type, e.g. arms_transfer."),
        click.option(
            "--source", help="Actor among the sources: an id in any case or a name (PRK, prk, North Korea)."
        ),
        click.option("--target", help="Actor among the targets, e.g. RUS or Russia."),
        click.option("--weapon", help="Weapon category, e.g. missiles."),
        click.option("--factuality", help=f"One of {', '.join(FACTUALITIES)}."),
        click.option("--since", help="Earliest event date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", help="Latest event date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(**kw: Any) -> dict[str, Any]:
    """The filters given, checked: a value no filter accepts is a usage error (exit 2)."""
    from armswatch.filters import check_filters

    renamed = {("type" if k == "type_" else k): v for k, v in kw.items()}
    return check_filters(renamed)


def _fact_filters(**kw: Any) -> dict[str, Any]:
    """The filters of a facts listing, checked: ``--status`` is the fact's status, not a flag's."""
    from armswatch.filters import FACT_VOCABULARIES, check_filters

    renamed = {("type" if k == "type_" else k): v for k, v in kw.items()}
    return check_filters(renamed, vocabularies=FACT_VOCABULARIES)


def _limit_option(default: int = 50) -> Callable[[F], F]:
    return click.option(
        "--limit", type=click.IntRange(min=0), default=default, show_default=True, help="Rows to show."
    )


def _format_option(func: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(LIST_FORMATS),
        default="table",
        show_default=True,
        help="table for reading; json (one record a line) or csv for other tools.",
    )(func)


class ArmswatchFailure(click.ClickException):
    """One of the library's own errors, shown as one ``error: ...`` line (exit code 1)."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class UsageFailure(ArmswatchFailure):
    """A value the user gave that no option accepts: one ``error: ...`` line, exit code 2."""

    exit_code = 2


class ArmswatchGroup(click.Group):
    """Turns the library's own errors into one-line CLI errors instead of tracebacks, and lets
    the global options (-q, -v) stand before or after the command's name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:
            args = _hoist_global_flags(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from armswatch.errors import ArmswatchError
        from armswatch.filters import FilterError

        try:
            return super().invoke(ctx)
        except FilterError as exc:
            raise UsageFailure(str(exc)) from exc
        except ArmswatchError as exc:
            # A message of several lines (a KB problem list, an SQLite error) stays one line.
            text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
            raise ArmswatchFailure(text or "armswatch failed") from exc


def _hoist_global_flags(args: list[str]) -> list[str]:
    """``args`` with the global flags moved before the command (``--`` ends the search)."""
    end = args.index("--") if "--" in args else len(args)
    flags = [a for a in args[:end] if a in GLOBAL_FLAGS]
    rest = [a for a in args[:end] if a not in GLOBAL_FLAGS]
    return [*flags, *rest, *args[end:]]


@click.group(cls=ArmswatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="armswatch")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def cli(verbose: int, quiet: bool) -> None:
    """armswatch: who arms whom, read from the news, with evidence."""
    level = logging.ERROR if quiet else logging.WARNING if verbose == 0 else logging.INFO
    if verbose > 1:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LogFormat())
    logging.basicConfig(level=level, handlers=[handler])


class _LogFormat(logging.Formatter):
    """``warning: FILE: what`` for what a user must read; the logger's name only in -v detail.
    A message never spans lines (a file name with a newline cannot forge another line)."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage().replace("\r", "\\r").replace("\n", "\\n")
        if record.levelno >= logging.WARNING:
            line = f"{record.levelname.lower()}: {text}"
        else:
            line = f"{record.levelname.lower()} {record.name}: {text}"
        if record.exc_info and record.levelno <= logging.DEBUG:
            line += "\n" + self.formatException(record.exc_info)
        return line


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", "-w", type=int, default=1, show_default=True, help="Worker processes.")
@click.option(
    "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True, help="Per-document size limit."
)
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False, exists=True), help="KB overlay directory.")
@click.option("--no-progress", is_flag=True, help="Do not show a progress bar.")
def ingest(
    paths: tuple[str, ...], db_path: str, workers: int, max_bytes: int, kb_dir: str | None, no_progress: bool
) -> None:
    """Read news from files, directories, WARC, feeds, JSONL or - (stdin) into the database.

    Re-running on the same content changes nothing. A document that cannot be read is
    reported and skipped; the exit code is 1 when any document failed.
    """
    from pathlib import Path

    from tqdm import tqdm

    from armswatch.pipeline import ingest as run_ingest

    # A path that is not there is a typing mistake: say so before any database file is made.
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise UsageFailure("; ".join(f"{p}: no such file or directory" for p in missing))
    bar = tqdm(desc="ingest", unit="doc", disable=True if no_progress else None, file=sys.stderr)
    try:
        report = run_ingest(
            paths,
            db_path,
            workers=workers,
            max_bytes=max_bytes,
            kb_overlay=kb_dir,
            on_progress=lambda _: bar.update(),
        )
    finally:
        bar.close()
    for message in report.error_messages:
        # One line each, whatever a file name holds.
        click.echo("error: " + message.replace("\r", "\\r").replace("\n", "\\n"), err=True)
    _print_ingest_summary(report)
    if report.errors:
        sys.exit(1)


def _print_ingest_summary(report: Any) -> None:
    from rich.table import Table

    table = Table(title="ingest", show_header=True)
    table.add_column("documents", justify="right")
    table.add_column("written", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("errors", justify="right")
    table.add_column("events", justify="right")
    table.add_row(
        *(str(x) for x in (report.seen, report.written, report.unchanged, report.errors, report.events))
    )
    console = _console()
    console.print(table)
    if report.per_outlet:
        outlets = Table(title="articles written per outlet")
        outlets.add_column("outlet")
        outlets.add_column("articles", justify="right")
        for outlet, n in sorted(report.per_outlet.items(), key=lambda kv: (-kv[1], kv[0])):
            outlets.add_row(outlet, str(n))
        console.print(outlets)


@cli.command()
@db_option
def summary(db_path: str) -> None:
    """Counts of documents, articles, events and errors, and articles per outlet."""
    from rich.table import Table

    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        info = store.read.summary()
    console = _console()
    table = Table(title=f"armswatch database {db_path}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("documents", "articles", "events", "errors"):
        table.add_row(key, str(info.get(key, 0)))
    console.print(table)
    per_outlet = info.get("outlets") or {}
    if per_outlet:
        outlets = Table(title="articles per outlet")
        outlets.add_column("outlet")
        outlets.add_column("articles", justify="right")
        for outlet, n in sorted(per_outlet.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            outlets.add_row(str(outlet), str(n))
        console.print(outlets)


@cli.group()
def export() -> None:
    """Write articles, events, facts, stories or the actor graph (to stdout or --output)."""


def _output_options(formats: tuple[str, ...]) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        func = click.option(
            "--format", "fmt", type=click.Choice(formats), default=formats[0], show_default=True
        )(func)
        return click.option(
            "--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="Output file."
        )(func)

    return decorate


_output_option = _output_options(EXPORT_FORMATS)


def _parquet_path(output: Any) -> str:
    """The file name behind --output: Parquet is binary and is written by name, not to stdout."""
    name = getattr(output, "name", "-")
    if not isinstance(name, str) or name in ("-", "<stdout>"):
        raise click.UsageError("--format parquet writes a file: give --output FILE")
    return name


def _actor_names() -> dict[str, tuple[str, str]]:
    from armswatch.kb import load_kb

    return {actor.id: (actor.name, actor.kind) for actor in load_kb().actors.values()}


def _export_records(db_path: str, kind: str, fmt: str, output: Any, **filters: Any) -> None:
    """Write one kind of record as jsonl/csv to ``output``, or as Parquet to its path."""
    from armswatch import export as ex
    from armswatch.store import open_store

    text, parquet = {
        "articles": (ex.export_articles, ex.export_articles_parquet),
        "events": (ex.export_events, ex.export_events_parquet),
        "facts": (ex.export_facts, ex.export_facts_parquet),
        "stories": (ex.export_stories, ex.export_stories_parquet),
    }[kind]
    with open_store(db_path, readonly=True) as store:
        if fmt == "parquet":
            try:
                parquet(store.read, _parquet_path(output), **filters)
            except ModuleNotFoundError as exc:  # the optional extra is not installed
                raise ArmswatchFailure(str(exc)) from exc
        elif fmt == "plover":
            ex.export_plover(store.read, output, actors=_actor_names(), **filters)
        elif fmt in ("flat", "flat-excel"):
            excel = fmt == "flat-excel"
            ex.export_flat(store.read, output, actors=_actor_names(), excel=excel, **filters)
        else:
            text(store.read, output, format=fmt, **filters)


@export.command("articles")
@db_option
@_output_option
def export_articles_cmd(db_path: str, fmt: str, output: Any) -> None:
    """Articles with the fields the scorer reads: doc_id, title, published, outlet, body, story."""
    _export_records(db_path, "articles", fmt, output)


@export.command("events")
@db_option
@_output_options(EVENT_EXPORT_FORMATS)
@event_filters
def export_events_cmd(db_path: str, fmt: str, output: Any, **kw: Any) -> None:
    """Events in the contract's record format (extra fields: ids, offsets, PLOVER code).

    ``--format plover`` writes PLOVER/POLECAT-style records (event_type, mode, context, actors,
    recipients, date, text ...); ``--format flat`` one CSV row per event in the shape ACLED and
    POLECAT users load (event_date, actor1, assoc_actor_1, source, source_url, notes ...).
    ``csv-excel`` and ``flat-excel`` add a byte-order mark and keep dates as text for Excel.
    """
    _export_records(db_path, "events", fmt, output, **_filters(**kw))


@export.command("facts")
@db_option
@_output_option
@event_filters
@click.option("--flagged/--unflagged", default=None, help="Only facts with (or without) sanctions flags.")
@click.option(
    "--status",
    help=f"What the fact's support says: one of {', '.join(FACT_STATUSES)}.",
)
def export_facts_cmd(db_path: str, fmt: str, output: Any, **kw: Any) -> None:
    """Facts, strongest first, with their sanctions flags."""
    _export_records(db_path, "facts", fmt, output, **_fact_filters(**kw))


@export.command("stories")
@db_option
@_output_option
def export_stories_cmd(db_path: str, fmt: str, output: Any) -> None:
    """Stories: groups of articles about the same news."""
    _export_records(db_path, "stories", fmt, output)


@export.command("graph")
@db_option
@_output_options(GRAPH_FORMATS)
@click.option(
    "--basis",
    type=click.Choice(["auto", "facts", "events"]),
    default="auto",
    show_default=True,
    help="Edges from facts, events, or facts when there are any.",
)
@event_filters
def export_graph_cmd(db_path: str, fmt: str, output: Any, basis: str, **kw: Any) -> None:
    """The actor network for Gephi or networkx: actors as nodes, typed weighted edges."""
    from armswatch.export import export_graph
    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        n = export_graph(store.read, output, format=fmt, basis=basis, actors=_actor_names(), **_filters(**kw))
    click.echo(f"{n} edges", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-ingest", is_flag=True, help="Accept POST /api/v1/ingest (needs --token).")
@click.option(
    "--token",
    envvar="ARMSWATCH_TOKEN",
    help="Bearer token for ingest, 16 characters or more (env ARMSWATCH_TOKEN).",
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(min=1),
    default=16 * 1024 * 1024,
    show_default=True,
    help="Largest ingest request body.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    help="A Host name to answer besides the loopback names and --host (repeat for more).",
)
def serve(
    db_path: str,
    host: str,
    port: int,
    allow_ingest: bool,
    token: str | None,
    max_body_bytes: int,
    allowed_hosts: tuple[str, ...],
) -> None:
    """Serve the HTTP API (/api/v1, /docs) and the analyst dashboard (/), read-only by default.

    Only the Host names of loopback, --host and --allowed-host are answered (against DNS
    rebinding); binding beyond loopback is warned about.
    """
    from armswatch.api import serve as run_server

    run_server(
        db_path,
        host=host,
        port=port,
        allow_ingest=allow_ingest,
        token=token,
        max_body_bytes=max_body_bytes,
        allowed_hosts=allowed_hosts,
    )


# --- listings ------------------------------------------------------------------------------
#
# Every listing shows the same rows three ways: a table for reading, JSON Lines or CSV for other
# tools. A table never cuts an id (ids are what users copy into the next command): when the screen
# is too narrow for the table, each row becomes a block whose first line holds its ids.

#: A column of a listing: its header, how to show a record's value, and whether it is an id.
Column = tuple[str, Callable[[dict[str, Any]], str], bool]


def _joined(values: Iterable[str] | None) -> str:
    return ",".join(values or ())


def _table_fits(columns: Sequence[Column], rows: Sequence[dict[str, Any]], width: int) -> bool:
    # An id column needs its longest value; any other column about 8 characters; borders 3 each.
    need = 1
    for header, show, is_id in columns:
        need += 3 + (max([len(header), *(len(show(r)) for r in rows)]) if is_id else 8)
    return need <= width


def _print_rows(columns: Sequence[Column], rows: Sequence[dict[str, Any]], *, lines: bool = True) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    if _table_fits(columns, rows, console.width):
        table = Table(show_lines=lines)
        for header, show, is_id in columns:
            width = max([len(header), *(len(show(r)) for r in rows)]) if is_id else None
            table.add_column(header, no_wrap=is_id, min_width=width, overflow="fold")
        for r in rows:
            table.add_row(*(Text(show(r)) for _, show, _ in columns))
        console.print(table)
        return
    width = max(20, console.width)
    for r in rows:
        click.echo("  ".join(show(r) for _, show, is_id in columns if is_id and show(r)))
        for header, show, is_id in columns:
            value = show(r)
            if is_id or not value:
                continue
            click.echo(
                textwrap.fill(
                    value.replace("\n", "; "),
                    width=width,
                    initial_indent=f"  {header}: ",
                    subsequent_indent="    ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
        click.echo("")


def _show_listing(
    rows: list[dict[str, Any]],
    total: int,
    *,
    fmt: str,
    noun: str,
    columns: Sequence[Column],
    fields: Sequence[str],
    lines: bool = True,
) -> None:
    """Print ``rows`` (of ``total`` matching) as a table, JSON Lines or CSV, then "N of M"."""
    if fmt == "json":
        for r in rows:
            click.echo(json.dumps({k: r.get(k) for k in fields}, ensure_ascii=False))
    elif fmt == "csv":
        from armswatch.export.writers import write_csv

        out: Any = sys.stdout
        write_csv([{k: r.get(k) for k in fields} for r in rows], fields, out)
    elif rows:
        _print_rows(columns, rows, lines=lines)
    # The count goes to stderr for json and csv, so that their output stays parseable.
    machine = fmt != "table"
    if not total:
        click.echo(f"no {noun} match these filters", err=machine)
    else:
        click.echo(f"{len(rows)} of {total} {noun}", err=machine)


def _count(rows: Iterable[Any]) -> int:
    return sum(1 for _ in rows)


_EVENT_COLUMNS: tuple[Column, ...] = (
    ("event", lambda r: r["event_id"], True),
    ("doc", lambda r: r["doc_id"], True),
    ("type", lambda r: r["type"], False),
    ("source → target", lambda r: f"{_joined(r['source'])} → {_joined(r['target'])}", False),
    ("weapons", lambda r: _joined(r["weapons"]), False),
    ("fact.", lambda r: r["factuality"], False),
    ("by", lambda r: r["attributed_to"] or "", False),
    ("date", lambda r: r["date"] or "", False),
    ("evidence", lambda r: r["evidence"], False),
)


@cli.command()
@db_option
@event_filters
@_limit_option()
@_format_option
def events(db_path: str, limit: int, fmt: str, **kw: Any) -> None:
    """List stored events with their ids and evidence (see `armswatch explain EVENT_ID`)."""
    from armswatch.store import open_store
    from armswatch.store.fields import EVENT_FIELDS

    filters = _filters(**kw)
    with open_store(db_path, readonly=True) as store:
        rows = list(store.read.events(limit=limit, **filters))
        total = _count(store.read.events(**filters))
    _show_listing(rows, total, fmt=fmt, noun="events", columns=_EVENT_COLUMNS, fields=EVENT_FIELDS)


_FACT_COLUMNS: tuple[Column, ...] = (
    ("fact", lambda r: r["fact_id"], True),
    ("type", lambda r: r["type"], False),
    (
        "source → target",
        lambda r: _joined(r["source"]) + (f" → {_joined(r['target'])}" if r["target"] else ""),
        False,
    ),
    ("weapons", lambda r: _joined(r["weapons"]), False),
    ("status", lambda r: r["status"], False),
    (
        "date",
        lambda r: r["date"] or (f"(reported {r['first_reported']})" if r["first_reported"] else ""),
        False,
    ),
    ("outlets", lambda r: str(r["n_outlets"]), False),
    ("events", lambda r: str(r["n_events"]), False),
    ("contra.", lambda r: str(r["n_contradictions"]), False),
    (
        "flags",
        lambda r: "\n".join(f"{g['status']}: UNSCR {g['resolution']} {g['clause']}" for g in r["flags"]),
        False,
    ),
)


@cli.command()
@db_option
@event_filters
@click.option("--actor", help="Actor in any role: an id in any case or a name.")
@click.option("--flagged/--unflagged", default=None, help="Only facts with (or without) a sanctions flag.")
@click.option(
    "--status",
    help=f"What the fact's support says: one of {', '.join(FACT_STATUSES)}.",
)
@click.option("--outlet", help="Only facts one of whose reports comes from this outlet, as articles name it.")
@_limit_option()
@_format_option
def facts(db_path: str, limit: int, fmt: str, **kw: Any) -> None:
    """List corroborated facts, most independent outlets first, with their sanctions flags."""
    from armswatch.export.records import FACT_ROW_CSV_FIELDS, FACT_ROW_FIELDS, flat_flags
    from armswatch.store import open_store

    filters = _fact_filters(**kw)
    with open_store(db_path, readonly=True) as store:
        rows = list(store.read.facts(limit=limit, **filters))
        total = _count(store.read.facts(**filters))
    fields = FACT_ROW_FIELDS
    if fmt == "csv":
        # As the API's CSV pages: flags as labels, with each one's regime and reasoning beside.
        rows = [flat_flags(r) for r in rows]
        fields = FACT_ROW_CSV_FIELDS
    _show_listing(rows, total, fmt=fmt, noun="facts", columns=_FACT_COLUMNS, fields=fields)


@cli.command()
@click.argument("fact_id")
@db_option
def fact(fact_id: str, db_path: str) -> None:
    """Show one fact with every supporting and contradicting report and its sanctions flags."""
    from rich.table import Table

    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        record = store.read.fact(fact_id)
    if record is None:
        raise click.ClickException(f"no fact {fact_id!r}")
    console = _console()
    console.print(f"[bold]{record['fact_id']}[/bold]  {record['summary']}")
    reported = " .. ".join(x for x in (record["first_reported"], record["last_reported"]) if x) or "?"
    console.print(f"status {record['status']}: {record['status_note']}")
    console.print(
        f"factuality {record['factuality']} (weakest {record['weakest_factuality']}), "
        f"date {record['date'] or '?'}, reported {reported}, {record['n_events']} events, "
        f"{record['n_outlets']} independent outlets, {record['n_contradictions']} contradicting, "
        f"story {record['story_id'] or '-'}"
    )
    if record["flags"]:
        flags = Table(title="sanctions flags", show_lines=True)
        for col in ("status", "regime", "resolution", "reasoning"):
            flags.add_column(col)
        for g in record["flags"]:
            flags.add_row(g["status"], g["regime"], f"{g['resolution']} {g['clause']}", g["reasoning"])
        console.print(flags)
    console.print("evidence:")
    _print_rows(_FACT_EVENT_COLUMNS, record["events"])


def _outlet_of(e: dict[str, Any]) -> str:
    outlet = str(e["outlet"] or "")
    return outlet + (f" (copy of {e['original_doc_id']})" if e["original_doc_id"] else "")


_FACT_EVENT_COLUMNS: tuple[Column, ...] = (
    ("event", lambda e: e["event_id"], True),
    ("doc", lambda e: e["doc_id"], True),
    ("relation", lambda e: e["relation"], False),
    ("outlet", _outlet_of, False),
    ("published", lambda e: (e["published"] or "")[:10], False),
    ("fact.", lambda e: e["factuality"], False),
    ("by", lambda e: e["attributed_to"] or "", False),
    ("date", lambda e: e["date"] or "", False),
    ("evidence", lambda e: e["evidence"], False),
)


_STORY_COLUMNS: tuple[Column, ...] = (
    ("story", lambda r: r["story_id"], True),
    ("articles", lambda r: str(r["n_articles"]), False),
    ("outlets", lambda r: str(r["n_outlets"]), False),
    ("first", lambda r: r["first_published"] or "", False),
    ("last", lambda r: r["last_published"] or "", False),
    ("label", lambda r: r["label"] or "", False),
)


@cli.command()
@db_option
@_limit_option()
@_format_option
def stories(db_path: str, limit: int, fmt: str) -> None:
    """List stories (articles about one happening across outlets), latest first."""
    from armswatch.export.records import STORY_FIELDS
    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        rows = list(store.read.stories(limit=limit))
        total = _count(store.read.stories())
    _show_listing(
        rows, total, fmt=fmt, noun="stories", columns=_STORY_COLUMNS, fields=STORY_FIELDS, lines=False
    )


_ARTICLE_COLUMNS: tuple[Column, ...] = (
    ("doc", lambda r: r["doc_id"], True),
    ("published", lambda r: r["published"] or "", False),
    ("outlet", lambda r: r["outlet"] or "", False),
    ("story", lambda r: r.get("story") or "", True),
    ("title", lambda r: r["title"] or "", False),
)


@cli.command()
@db_option
@click.option("--q", "q", help='Full-text search of title and body: words, "a phrase", prefix*.')
@click.option("--outlet", help="Outlet name, as the summary lists it.")
@click.option("--since", help="Earliest publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", help="Latest publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
@_limit_option()
@_format_option
def articles(db_path: str, limit: int, fmt: str, **kw: Any) -> None:
    """List stored articles (by id, or by search rank with --q) with their story."""
    from armswatch.store import open_store
    from armswatch.store.fields import ARTICLE_FIELDS

    filters = _filters(**kw)
    fields = [f for f in ARTICLE_FIELDS if f != "body"]
    with open_store(db_path, readonly=True) as store:
        try:
            rows = list(store.read.articles(limit=limit, **filters))
            total = _count(store.read.articles(**filters))
        except ValueError as exc:  # a malformed search query
            raise UsageFailure(str(exc)) from exc
    _show_listing(rows, total, fmt=fmt, noun="articles", columns=_ARTICLE_COLUMNS, fields=fields, lines=False)


_FLAG_COLUMNS: tuple[Column, ...] = (
    ("flag", lambda r: r["flag_id"], True),
    ("fact", lambda r: r["fact_id"], True),
    ("status", lambda r: r["status"], False),
    ("regime", lambda r: r["regime"], False),
    ("resolution", lambda r: f"UNSCR {r['resolution']} {r['clause']}", False),
    (
        "parties",
        lambda r: _joined(r["source"]) + (f" → {_joined(r['target'])}" if r["target"] else ""),
        False,
    ),
    ("date", lambda r: r["date"] or "", False),
)


@cli.command()
@db_option
@click.option("--status", help="Flag status, e.g. breach or potential.")
@click.option("--regime", help="Sanctions regime, e.g. dprk or iran.")
@_limit_option()
@_format_option
def flags(db_path: str, status: str | None, regime: str | None, limit: int, fmt: str) -> None:
    """List sanctions flags: facts that may breach a UN Security Council regime."""
    from armswatch.store import open_store

    checked = _filters(status=status)
    with open_store(db_path, readonly=True) as store:
        matching = [g for g in store.read.flags(**checked) if regime is None or g["regime"] == regime]
    if regime is not None and not matching:
        with open_store(db_path, readonly=True) as store:
            regimes = sorted({g["regime"] for g in store.read.flags()})
        if regime not in regimes:
            from armswatch.filters import FilterError

            known = ", ".join(regimes) or "none in this database"
            raise FilterError(f"unknown regime {regime!r} (regimes flagged: {known})")
    fields = [*matching[0]] if matching else ["flag_id", "fact_id", "regime", "status"]
    _show_listing(
        matching[:limit], len(matching), fmt=fmt, noun="flags", columns=_FLAG_COLUMNS, fields=fields
    )


@cli.command()
@click.option("--actors", "with_actors", is_flag=True, help="Also list every actor the KB knows.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def vocabulary(with_actors: bool, fmt: str) -> None:
    """What the filters accept: event types, weapon categories, factualities, flag, fact and
    register statuses."""
    from armswatch.filters import VOCABULARIES, actor_table
    from armswatch.stories.register import STAGES

    out: dict[str, Any] = {name: list(values) for name, values in VOCABULARIES.items()}
    # `--status` means a flag's status on flags, a fact's on facts, a deal's stage on register.
    out["fact_status"] = list(FACT_STATUSES)
    out["register_status"] = list(STAGES)
    if with_actors:
        out["actor"] = [{"id": i, "name": n, "kind": k} for i, n, k in actor_table()]
    if fmt == "json":
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    labels = {"status": "--status (flags)", "fact_status": "--status (facts)"}
    labels["register_status"] = "--status (register)"
    for name, values in out.items():
        if name == "actor":
            continue
        click.echo(f"{labels.get(name, '--' + name)}: {', '.join(values)}")
    if with_actors:
        click.echo("--source/--target/--actor (an id in any case, or a name):")
        for actor in out["actor"]:
            click.echo(f"  {actor['id']:<16} {actor['name']} ({actor['kind']})")
    else:
        click.echo("--source/--target/--actor: an actor id in any case (PRK, prk) or a name the KB knows")
        click.echo("  (North Korea); `armswatch vocabulary --actors` lists them.")
    click.echo("--since/--until: a date YYYY, YYYY-MM or YYYY-MM-DD")


_REGISTER_COLUMNS: tuple[Column, ...] = (
    ("entry", lambda e: e["entry_id"], True),
    ("supplier → recipient", lambda e: f"{_joined(e['supplier'])} → {_joined(e['recipient'])}", False),
    ("designation", lambda e: e["designation"], False),
    ("ordered", lambda e: "" if e["number_ordered"] is None else str(e["number_ordered"]), False),
    ("delivered", lambda e: "" if e["number_delivered"] is None else str(e["number_delivered"]), False),
    ("order", lambda e: "" if e["year_of_order"] is None else str(e["year_of_order"]), False),
    ("delivery", lambda e: ",".join(str(y) for y in e["years_of_delivery"]), False),
    ("status", lambda e: e["status"], False),
    ("sources", lambda e: "\n".join(e["sources"]), False),
)


@cli.command()
@db_option
@click.option("--supplier", help="Actor among the suppliers: an id in any case or a name (KOR, South Korea).")
@click.option("--recipient", help="Actor among the recipients, e.g. POL or Poland.")
@click.option("--designation", help="A designation as the register lists it, e.g. K2.")
@click.option(
    "--status",
    help="How far the deal has gone: one of offered, requested, ordered, delivered, in_use, cancelled.",
)
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Entries to show (default: all).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "csv-excel", "jsonl"]),
    default="table",
    show_default=True,
    help="csv: the columns of SIPRI's trade register, comments holding our evidence and URLs; "
    "json (or jsonl): one entry a line.",
)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="Output file.")
def register(db_path: str, fmt: str, output: Any, limit: int | None, **kw: Any) -> None:
    """The arms-transfer register: one entry per supplier, recipient and designation, with the
    numbers, years and status the reports give."""
    from armswatch.export.writers import write_csv, write_jsonl
    from armswatch.filters import check_filters
    from armswatch.kb import load_kb
    from armswatch.store import open_store
    from armswatch.stories.register import SIPRI_FIELDS, STAGES, register_entries

    filters = check_filters(kw, vocabularies={"status": STAGES})
    with open_store(db_path, readonly=True) as store:
        entries = register_entries(store.read, load_kb(), **filters)
    shown = entries if limit is None else entries[:limit]
    if fmt in ("csv", "csv-excel"):
        write_csv([e.as_sipri() for e in shown], SIPRI_FIELDS, output, excel=fmt == "csv-excel")
    elif fmt in ("json", "jsonl"):
        rows = [e.as_row() for e in shown]
        write_jsonl(rows, list(rows[0]) if rows else [], output)
    elif shown:
        table_rows = [
            {**e.as_row(), "sources": sorted({r.outlet or r.doc_id for r in e.reports})} for e in shown
        ]
        _print_rows(_REGISTER_COLUMNS, table_rows)
    # The count goes to stderr for json and csv, so that their output stays parseable.
    machine = fmt != "table"
    if not entries:
        click.echo("no register entries match these filters", err=machine)
    else:
        click.echo(f"{len(shown)} of {len(entries)} register entries", err=machine)


@cli.command()
@db_option
@click.option("--no-progress", is_flag=True, help="Do not show a progress bar.")
def rebuild(db_path: str, no_progress: bool) -> None:
    """Recompute stories, near-duplicate links, facts and sanctions flags from the stored events."""
    from pathlib import Path

    from rich.table import Table
    from tqdm import tqdm

    from armswatch.store import open_store
    from armswatch.stories import rebuild as run_rebuild

    if not Path(db_path).is_file():
        raise click.ClickException(f"{db_path}: no such database file")
    with open_store(db_path) as store:
        total = store.read.summary()["articles"]
        with tqdm(total=total, desc="rebuild", unit="doc", disable=True if no_progress else None) as bar:
            report = run_rebuild(store, on_progress=lambda _: bar.update())
    table = Table(title="rebuild")
    for col in ("articles", "stories opened", "near-duplicates", "facts updated"):
        table.add_column(col, justify="right")
    table.add_row(
        str(report.articles),
        str(report.stories_opened),
        str(report.near_duplicates),
        str(report.facts_updated),
    )
    _console().print(table)


@cli.command()
@click.argument("doc_id")
@db_option
def mentions(doc_id: str, db_path: str) -> None:
    """Show one document's resolved mentions."""
    from rich.table import Table

    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        rows = list(store.read.mentions(doc_id))
    if not rows:
        raise click.ClickException(f"no mentions stored for document {doc_id!r}")
    table = Table(title=doc_id)
    for col in ("kind", "text", "value", "ref", "entity", "chars"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["kind"],
            r["text"],
            r["value"] or "",
            r["ref"] or "",
            r["entity"] or "",
            f"{r['start']}-{r['end']}",
        )
    _console().print(table)


@cli.command()
@click.argument("event_id")
@db_option
def explain(event_id: str, db_path: str) -> None:
    """Show why one stored event was read as it was: its record, the rule trail (the cue's
    rule, then every adjustment that fired, one a line) and the evidence sentence."""
    from armswatch.events.adjust import TRAIL_SEPARATOR
    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        record = store.read.event(event_id)
    if record is None:
        click.echo(f"Error: no event {event_id!r} in {db_path}", err=True)
        raise SystemExit(2)
    parties = f"{', '.join(record['source']) or '?'} -> {', '.join(record['target']) or '?'}"
    rows = (
        ("event", f"{record['event_id']} (document {record['doc_id']})"),
        ("type", record["type"]),
        ("parties", parties),
        ("weapons", ", ".join(record["weapons"]) or "-"),
        ("factuality", record["factuality"]),
        ("attributed", record["attributed_to"] or "- (told as fact)"),
        ("date", record["date"] or "-"),
        ("trigger", record["trigger"] or "-"),
    )
    for label, value in rows:
        click.echo(f"{label:<11} {value}")
    click.echo("rule trail:")
    steps = [step for step in str(record["rule"]).split(TRAIL_SEPARATOR) if step]
    for n, step in enumerate(steps, 1):
        click.echo(f"  {n}. {step}" + ("  (cue)" if n == 1 and len(steps) > 1 else ""))
    click.echo("evidence:")
    click.echo(f"  {record['evidence']}")


@cli.command("extract")
@click.argument("path", type=click.File("r", encoding="utf-8"))
@click.option("--published", help="Publication date (YYYY-MM-DD) when the page does not say.")
def extract_cmd(path: Any, published: str | None) -> None:
    """Events of one page or text file (or - for stdin) as JSON Lines, without a database."""
    from armswatch import extract

    try:
        text = path.read()
    except UnicodeDecodeError as exc:
        raise ArmswatchFailure(f"{path.name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    try:
        events = extract(text, published=published)
    except ValueError as exc:
        raise UsageFailure(str(exc)) from exc
    for event in events:
        click.echo(json.dumps(event.to_dict(), ensure_ascii=False))


@cli.group()
def kb() -> None:
    """Knowledge-base tools."""


@kb.command("check")
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False, exists=True), help="KB overlay directory.")
def kb_check(kb_dir: str | None) -> None:
    """Validate the knowledge base (and an overlay): ids, aliases, codes, dates, sorting, the
    sanctions regimes, the event-type traits and the event cues."""
    from armswatch.kb import check_kb
    from armswatch.kb.event_types import check_event_types

    problems = check_kb(kb_dir) + check_event_types()
    # The events stage reads the traits when it is imported: check its cues only on valid
    # ones. The cues and words of triggers.toml, overlay merged in, are its to judge.
    if not problems:
        from armswatch.events import LexiconError, load_lexicon

        try:
            load_lexicon(overlay=kb_dir)
        except LexiconError as exc:
            problems.append(str(exc))
    for p in problems:
        click.echo(p, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in the knowledge base")
    click.echo("knowledge base OK")


def main() -> None:
    """Entry point for ``python -m armswatch``."""
    cli()
