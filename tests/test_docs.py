"""The README's examples work as written, and every command it ships is documented there.

The worked example is run through the real CLI (``python -m armswatch``) on the bundled
corpus, with its ``demo.db`` and output files moved into a temporary directory and the
placeholder ``FACT_ID`` replaced by an id the listing prints, as a reader would copy it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# A command line of an indented README example: "$ .venv/bin/armswatch ..." or "$ armswatch ...".
_COMMAND = re.compile(r"^\s+\$ (?:\.venv/bin/)?armswatch (?P<args>.+?)(?:\s+#.*)?$", re.MULTILINE)
# Commands that do not end by themselves (a server) are shown but not run here.
_LONG_RUNNING = frozenset({"serve"})


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # An 80-column terminal, the narrowest a reader is likely to copy ids from.
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "armswatch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def _examples() -> list[str]:
    return [m["args"] for m in _COMMAND.finditer(README)]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory whose examples/ is the bundled corpus and demo.db its ingest."""
    work = tmp_path_factory.mktemp("readme")
    (work / "examples").symlink_to(ROOT / "examples")
    result = _cli("-q", "ingest", "examples/corpus", "--db", "demo.db", cwd=work)
    assert result.returncode == 0, result.stderr
    return work


def test_the_readme_shows_examples() -> None:
    assert len(_examples()) >= 10


def test_the_worked_example_runs_as_written(workdir: Path) -> None:
    fact_id: str | None = None
    ran = 0
    for line in _examples():
        args = shlex.split(line)
        if args[0] in _LONG_RUNNING:
            continue
        redirect = None
        if ">" in args:
            at = args.index(">")
            args, redirect = args[:at], args[at + 1]
        if "FACT_ID" in args:
            assert fact_id, "the facts listing printed no fact id to copy"
            args = [fact_id if a == "FACT_ID" else a for a in args]
        result = _cli(*args, cwd=workdir)
        assert result.returncode == 0, f"armswatch {line}\n{result.stderr}"
        if redirect:
            (workdir / redirect).write_text(result.stdout, encoding="utf-8")
        if args[0] == "facts" and fact_id is None:
            fact_id = _first_fact_id(result.stdout)
            assert fact_id in _fact_ids(workdir)
        ran += 1
    assert ran >= 8
    events = [json.loads(x) for x in (workdir / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert events and {"doc_id", "type", "source", "target", "evidence", "factuality"} <= set(events[0])


def _first_fact_id(listing: str) -> str | None:
    """The first fact id of a listing, as a reader copies it from the screen."""
    found = re.search(r"(?<![0-9a-z])f[0-9a-f]{15}(?![0-9a-z])", listing)
    return found.group(0) if found else None


def _fact_ids(workdir: Path) -> list[str]:
    result = _cli("export", "facts", "--db", "demo.db", "--format", "jsonl", cwd=workdir)
    return [json.loads(line)["fact_id"] for line in result.stdout.splitlines()]


def test_the_python_example_runs(workdir: Path) -> None:
    block = README.split("## From Python", 1)[1].split("##", 1)[0]
    code = "\n".join(line[4:] for line in block.splitlines() if line.startswith("    "))
    page = (ROOT / "examples" / "corpus").glob("*.txt")
    script = (
        "import json, pathlib, sys\n"
        f"page_text_or_html = pathlib.Path({str(next(iter(sorted(page))))!r}).read_text()\n"
        + code.replace("as_frame=True", "as_frame=False")
        + "\nprint(json.dumps([len(events), len(db.events(type='arms_transfer'))]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=workdir, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    n_extracted, n_stored = json.loads(result.stdout.splitlines()[-1])
    assert n_extracted > 0 and n_stored > 0


def test_every_command_is_in_the_readme() -> None:
    import click

    from armswatch.cli import cli

    names = cli.list_commands(click.Context(cli))
    missing = [name for name in names if f"armswatch {name}" not in README]
    assert missing == []


def test_the_demo_register_lists_the_deals_of_the_corpus(workdir: Path) -> None:
    import csv
    import io

    result = _cli("register", "--db", "demo.db", "--format", "csv", cwd=workdir)
    assert result.returncode == 0, result.stderr
    rows = {
        (r["supplier"], r["recipient"], r["designation"]): r
        for r in csv.DictReader(io.StringIO(result.stdout))
    }
    k2, k9 = rows[("KOR", "POL", "K2")], rows[("KOR", "POL", "K9")]
    assert (k2["number_ordered"], k2["number_delivered"], k2["year_of_order"], k2["years_of_delivery"]) == (
        "180",
        "10",
        "2022",
        "2022",
    )
    assert (k9["number_ordered"], k9["number_delivered"]) == ("212", "24")
    assert rows[("IRN", "RUS", "Fath-360")]["status"] == "delivered"
    atacms = rows[("USA", "UKR", "ATACMS")]
    assert atacms["status"] in ("delivered", "in_use") and "2024" in atacms["years_of_delivery"]
    assert all(r["comments"] for r in rows.values())
