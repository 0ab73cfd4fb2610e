"""Every export row leads back to its document and sentence; CSV cells are safe to open."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from armswatch.export import FLAT_FIELDS, export_events, export_facts, export_flat, plover_records
from armswatch.export.records import FACT_CSV_FIELDS, FACT_FIELDS
from armswatch.export.writers import write_csv
from armswatch.models import Article, Event
from armswatch.store import Store, open_store
from armswatch.stories import update

VERSIONS = {"armswatch_version": "test", "kb_version": "test"}
README = Path(__file__).resolve().parent.parent / "README.md"

# Sentences written for these tests.
REPORT = "North Korea shipped artillery shells to Russia in September, the ministry said."
ECHO = "Artillery shells from North Korea reached Russia by rail in September, officials said."
DENIAL = '=HYPERLINK("http://x") Pyongyang rejected the report as a fabrication.'


def _article(doc_id: str, text: str, outlet: str, published: str) -> Article:
    return Article(
        doc_id=doc_id,
        source=f"{doc_id}.html",
        text=text,
        content_hash=f"h-{doc_id}",
        fetched_at="2024-01-01T00:00:00Z",
        title=f"Title of {doc_id}",
        published=published,
        outlet=outlet,
        url=f"https://example.org/{doc_id}",
    )


def _event(doc_id: str, text: str, **kw: object) -> Event:
    fields: dict[str, object] = {
        "doc_id": doc_id,
        "type": "arms_transfer",
        "source": ("PRK",),
        "target": ("RUS",),
        "weapons": ("ammunition",),
        "factuality": "certain",
        "attributed_to": None,
        "date": "2023-09",
        "location": None,
        "evidence": text,
        "evidence_start": 0,
        "evidence_end": len(text),
        "rule": "test",
        "trigger": "shipped",
        "plover_code": "AID",
        "plover_mode": "military",
    }
    fields.update(kw)
    return Event(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "p.db") as s:
        s.save_document(
            _article("wire", REPORT, "Wire A", "2023-10-02"),
            kind="text",
            events=[_event("wire", REPORT)],
            **VERSIONS,
        )
        s.save_document(
            _article("paper", ECHO, "Paper B", "2023-10-03"),
            kind="text",
            events=[_event("paper", ECHO, attributed_to="KOR", date="2023-09-20", trigger="reached")],
            **VERSIONS,
        )
        s.save_document(
            _article("deny", DENIAL, "Gulf Wire", "2023-10-04"),
            kind="text",
            events=[
                _event(
                    "deny", DENIAL, factuality="negated", attributed_to="PRK", date=None, trigger="rejected"
                )
            ],
            **VERSIONS,
        )
        update(s)
        yield s


def test_event_exports_carry_their_article(store: Store) -> None:
    out = io.StringIO()
    export_events(store.read, out, format="jsonl")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    paper = next(r for r in records if r["doc_id"] == "paper")
    assert {k: paper[k] for k in ("outlet", "url", "title", "published", "date_precision")} == {
        "outlet": "Paper B",
        "url": "https://example.org/paper",
        "title": "Title of paper",
        "published": "2023-10-03",
        "date_precision": "day",
    }
    assert {r["doc_id"]: r["date_precision"] for r in records} == {
        "wire": "month",
        "paper": "day",
        "deny": None,
    }
    out = io.StringIO()
    export_events(store.read, out, format="csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert all(row["url"] == f"https://example.org/{row['doc_id']}" and row["evidence"] for row in rows)


def test_plover_records_carry_outlet_url_and_title(store: Store) -> None:
    wire = next(r for r in plover_records(store.read) if r["doc_id"] == "wire")
    assert (wire["outlet"], wire["url"], wire["title"]) == (
        "Wire A",
        "https://example.org/wire",
        "Title of wire",
    )


def test_fact_exports_carry_events_documents_urls_and_best_evidence(store: Store) -> None:
    out = io.StringIO()
    export_facts(store.read, out, format="jsonl")
    (fact,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert list(fact) == list(FACT_FIELDS)
    assert fact["doc_ids"] == ["wire", "paper", "deny"]
    assert fact["urls"] == [f"https://example.org/{d}" for d in fact["doc_ids"]]
    assert len(fact["event_ids"]) == 3
    assert (fact["status"], fact["n_outlets"], fact["n_contradictions"]) == ("reported", 2, 1)
    # The outlet's own, certain word beats the one attributed to Seoul.
    assert (fact["best_evidence"], fact["best_evidence_outlet"]) == (REPORT, "Wire A")
    assert fact["best_evidence_url"] == "https://example.org/wire"


def test_fact_csv_keeps_flag_regimes_and_reasoning(store: Store) -> None:
    out = io.StringIO()
    export_facts(store.read, out, format="csv")
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row) == list(FACT_CSV_FIELDS)
    assert row["flags"].startswith("breach ") and row["flag_regimes"] == "dprk"
    assert row["flag_reasoning"].startswith("arms_transfer PRK→RUS, ammunition")
    assert row["best_evidence"] == REPORT and row["urls"].count("https://") == 3


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralizes_formulas(start: str) -> None:
    out = io.StringIO()
    write_csv([{"a": start + "1+1", "b": 3}], ["a", "b"], out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row == {"a": "'" + start + "1+1", "b": "3"}


def test_csv_keeps_null_apart_from_empty_text() -> None:
    out = io.StringIO()
    write_csv([{"a": None, "b": "", "c": "x"}], ["a", "b", "c"], out)
    assert out.getvalue().splitlines()[1] == ',"",x'


def test_csv_excel_has_a_bom_and_keeps_dates_as_text() -> None:
    out = io.StringIO()
    write_csv(
        [{"date": "2023-09", "published": None, "note": "2023-09"}],
        ["date", "published", "note"],
        out,
        excel=True,
    )
    text = out.getvalue()
    assert text.startswith("\ufeffdate,published,note\n")
    assert text.splitlines()[1] == '"=""2023-09""",,2023-09'


def test_a_denial_sentence_with_a_formula_exports_neutralized(store: Store) -> None:
    out = io.StringIO()
    export_events(store.read, out, format="csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert next(r for r in rows if r["doc_id"] == "deny")["evidence"] == "'" + DENIAL


def test_flat_table_has_one_row_per_event_leading_back_to_its_source(store: Store) -> None:
    out = io.StringIO()
    names = {"PRK": ("North Korea", "state"), "RUS": ("Russia", "state")}
    assert export_flat(store.read, out, actors=names) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(FLAT_FIELDS)
    paper = next(r for r in rows if r["doc_id"] == "paper")
    assert paper["event_date"] == "2023-09-20" and paper["time_precision"] == "1" and paper["year"] == "2023"
    assert (paper["actor1"], paper["actor1_name"], paper["actor2_name"]) == ("PRK", "North Korea", "Russia")
    assert (paper["event_type"], paper["sub_event_type"], paper["source"]) == (
        "AID",
        "arms_transfer",
        "Paper B",
    )
    assert paper["source_url"] == "https://example.org/paper" and paper["notes"] == ECHO
    excel = io.StringIO()
    export_flat(store.read, excel, actors=names, excel=True)
    assert excel.getvalue().startswith("\ufeff") and '"=""2023-09-20"""' in excel.getvalue()


def test_every_flat_column_is_documented() -> None:
    readme = README.read_text(encoding="utf-8")
    assert [name for name in FLAT_FIELDS if f"`{name}`" not in readme] == []


def test_cli_exports_flat_and_excel_csv(store: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from armswatch.cli import cli

    db = str(tmp_path / "p.db")
    result = CliRunner().invoke(cli, ["export", "events", "--db", db, "--format", "flat"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 3 and {r["actor1_name"] for r in rows} == {"North Korea"}
    result = CliRunner().invoke(
        cli, ["export", "facts", "--db", db, "--format", "csv-excel", "--status", "reported"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("\ufeff") and '"=""2023-09-20"""' in result.output
