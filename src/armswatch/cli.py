"""The ``armswatch`` command line: each command parses options and calls one library function."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from armswatch.models import FACT_STATUSES, FACTUALITIES
from armswatch.sources import DEFAULT_MAX_BYTES
from armswatch.version import __version__

F = TypeVar("F", bound=Callable[..., Any])

EXPORT_FORMATS = ("jsonl", "csv", "csv-excel", "parquet")
EVENT_EXPORT_FORMATS = (*EXPORT_FORMATS, "plover", "flat", "flat-excel")
GRAPH_FORMATS = ("graphml", "gexf")


def _console() -> Any:
    """A rich console; piped output gets wide tables instead of rich's 80-column default."""
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 200)


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
    """Filters shared by ``events`` and ``export events``."""
    options = [
        click.option("--type", "type_", help="Event type, e.g. arms_transfer."),
        click.option("--source", help="Actor id among the sources, e.g. PRK."),
        click.option("--target", help="Actor id among the targets, e.g. RUS."),
        click.option("--weapon", help="Weapon category, e.g. missiles."),
        click.option("--factuality", type=click.Choice(FACTUALITIES)),
        click.option("--since", help="Earliest event date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", help="Latest event date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(**kw: Any) -> dict[str, Any]:
    renamed = {("type" if k == "type_" else k): v for k, v in kw.items()}
    return {k: v for k, v in renamed.items() if v is not None}


class ArmswatchFailure(click.ClickException):
    """One of the library's own errors, shown as one ``error: ...`` line (exit code 1)."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class ArmswatchGroup(click.Group):
    """Turns the library's own errors into one-line CLI errors instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        from armswatch.errors import ArmswatchError

        try:
            return super().invoke(ctx)
        except ArmswatchError as exc:
            # A message of several lines (a KB problem list, an SQLite error) stays one line.
            text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
            raise ArmswatchFailure(text or type(exc).__name__) from exc


@click.group(cls=ArmswatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="armswatch")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
def cli(verbose: int, quiet: bool) -> None:
    """armswatch: who arms whom, read from the news, with evidence."""
    level = logging.ERROR if quiet else logging.WARNING if verbose == 0 else logging.INFO
    if verbose > 1:
        level = logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


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
    from tqdm import tqdm

    from armswatch.pipeline import ingest as run_ingest

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
        click.echo(f"error: {message}", err=True)
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
            parquet(store.read, _parquet_path(output), **filters)
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
    type=click.Choice(FACT_STATUSES),
    help="What the fact's support says (reported by an uninvolved voice, claimed by parties ...).",
)
def export_facts_cmd(db_path: str, fmt: str, output: Any, **kw: Any) -> None:
    """Facts, strongest first, with their sanctions flags."""
    _export_records(db_path, "facts", fmt, output, **_filters(**kw))


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
@click.option("--token", envvar="ARMSWATCH_TOKEN", help="Bearer token for ingest (env ARMSWATCH_TOKEN).")
def serve(db_path: str, host: str, port: int, allow_ingest: bool, token: str | None) -> None:
    """Serve the HTTP API (/api/v1, /docs) and the analyst dashboard (/), read-only by default."""
    from armswatch.api import serve as run_server

    run_server(db_path, host=host, port=port, allow_ingest=allow_ingest, token=token)


@cli.command()
@db_option
@event_filters
@click.option("--limit", type=int, default=50, show_default=True)
def events(db_path: str, limit: int, **kw: Any) -> None:
    """List stored events with their evidence."""
    from rich.table import Table

    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        rows = list(store.read.events(limit=limit, **_filters(**kw)))
    table = Table(show_lines=True)
    for col in ("doc", "type", "source → target", "weapons", "fact.", "by", "date", "evidence"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["doc_id"],
            r["type"],
            f"{','.join(r['source'])} → {','.join(r['target'])}",
            ",".join(r["weapons"]),
            r["factuality"],
            r["attributed_to"] or "",
            r["date"] or "",
            r["evidence"],
        )
    _console().print(table)


@cli.command()
@db_option
@event_filters
@click.option("--actor", help="Actor id in any role.")
@click.option("--flagged/--unflagged", default=None, help="Only facts with (or without) a sanctions flag.")
@click.option(
    "--status",
    type=click.Choice(FACT_STATUSES),
    help="What the fact's support says (reported by an uninvolved voice, claimed by parties ...).",
)
@click.option("--limit", type=int, default=50, show_default=True)
def facts(db_path: str, limit: int, **kw: Any) -> None:
    """List corroborated facts, most independent outlets first, with their sanctions flags."""
    from rich.table import Table

    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        try:
            rows = list(store.read.facts(limit=limit, **_filters(**kw)))
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
    table = Table(show_lines=True)
    for col in (
        "fact",
        "type",
        "source → target",
        "weapons",
        "status",
        "date",
        "outlets",
        "events",
        "contra.",
        "flags",
    ):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["fact_id"],
            r["type"],
            ",".join(r["source"]) + (f" → {','.join(r['target'])}" if r["target"] else ""),
            ",".join(r["weapons"]),
            r["status"],
            r["date"] or (f"(reported {r['first_reported']})" if r["first_reported"] else ""),
            str(r["n_outlets"]),
            str(r["n_events"]),
            str(r["n_contradictions"]),
            "\n".join(f"{g['status']}: UNSCR {g['resolution']} {g['clause']}" for g in r["flags"]),
        )
    _console().print(table)


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
    events = Table(title="evidence", show_lines=True)
    for col in ("relation", "doc", "outlet", "published", "fact.", "by", "date", "evidence"):
        events.add_column(col)
    for e in record["events"]:
        outlet = e["outlet"] or ""
        if e["original_doc_id"]:
            outlet += f" (copy of {e['original_doc_id']})"
        events.add_row(
            e["relation"],
            e["doc_id"],
            outlet,
            (e["published"] or "")[:10],
            e["factuality"],
            e["attributed_to"] or "",
            e["date"] or "",
            e["evidence"],
        )
    console.print(events)


@cli.command()
@db_option
@click.option("--limit", type=int, default=50, show_default=True)
def stories(db_path: str, limit: int) -> None:
    """List stories (articles about one happening across outlets), latest first."""
    from rich.table import Table

    from armswatch.store import open_store

    with open_store(db_path, readonly=True) as store:
        rows = list(store.read.stories(limit=limit))
    table = Table()
    for col in ("story", "articles", "outlets", "first", "last", "label"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["story_id"],
            str(r["n_articles"]),
            str(r["n_outlets"]),
            r["first_published"] or "",
            r["last_published"] or "",
            r["label"] or "",
        )
    _console().print(table)


@cli.command()
@db_option
@click.option("--supplier", help="Actor id among the suppliers, e.g. KOR.")
@click.option("--recipient", help="Actor id among the recipients, e.g. POL.")
@click.option("--designation", help="A designation as the register lists it, e.g. K2.")
@click.option(
    "--status",
    type=click.Choice(["offered", "requested", "ordered", "delivered", "in_use", "cancelled"]),
    help="How far the deal has gone.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "csv-excel", "jsonl"]),
    default="table",
    show_default=True,
    help="csv: the columns of SIPRI's trade register, comments holding our evidence and URLs.",
)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="Output file.")
def register(db_path: str, fmt: str, output: Any, **kw: Any) -> None:
    """The arms-transfer register: one entry per supplier, recipient and designation, with the
    numbers, years and status the reports give."""
    from armswatch.export.writers import write_csv, write_jsonl
    from armswatch.kb import load_kb
    from armswatch.store import open_store
    from armswatch.stories.register import SIPRI_FIELDS, register_entries

    with open_store(db_path, readonly=True) as store:
        entries = register_entries(store.read, load_kb(), **_filters(**kw))
    if fmt in ("csv", "csv-excel"):
        write_csv([e.as_sipri() for e in entries], SIPRI_FIELDS, output, excel=fmt == "csv-excel")
        return
    if fmt == "jsonl":
        rows = [e.as_row() for e in entries]
        write_jsonl(rows, list(rows[0]) if rows else [], output)
        return
    from rich.table import Table

    table = Table(show_lines=True)
    for col in (
        "entry",
        "supplier → recipient",
        "designation",
        "ordered",
        "delivered",
        "order",
        "delivery",
        "status",
        "sources",
    ):
        table.add_column(col)
    for e in entries:
        table.add_row(
            e.entry_id,
            f"{','.join(e.supplier)} → {','.join(e.recipient)}",
            e.designation,
            "" if e.number_ordered is None else str(e.number_ordered),
            "" if e.number_delivered is None else str(e.number_delivered),
            "" if e.year_of_order is None else str(e.year_of_order),
            ",".join(str(y) for y in e.years_of_delivery),
            e.status,
            "\n".join(sorted({r.outlet or r.doc_id for r in e.reports})),
        )
    _console().print(table)


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
    from armswatch.pipeline import extract

    for event in extract(path.read(), published=published):
        click.echo(json.dumps(dataclasses.asdict(event), ensure_ascii=False))


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
