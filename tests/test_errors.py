"""One error tree: every project exception is an ArmswatchError, and the CLI shows each as one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import armswatch.store
from armswatch import errors
from armswatch.api import ApiConfigError
from armswatch.clean import CleanError
from armswatch.cli import cli
from armswatch.errors import ArmswatchError
from armswatch.events import LexiconError
from armswatch.kb import KBError
from armswatch.kb.regimes import SanctionsError
from armswatch.nlp import ModelNotInstalledError
from armswatch.sources._common import SourceError
from armswatch.store import SchemaVersionError, StoreBusyError, StoreError

# Each error with the built-in base it had before the tree, which callers may still catch.
OLD_BASES: dict[type[Exception], type[Exception]] = {
    KBError: ValueError,
    SanctionsError: ValueError,
    ApiConfigError: ValueError,
    CleanError: ValueError,
    LexiconError: ValueError,
    ModelNotInstalledError: RuntimeError,
    SourceError: Exception,
    StoreError: Exception,
    SchemaVersionError: StoreError,
    StoreBusyError: StoreError,
}


def _make(cls: type[Exception], message: str) -> Exception:
    return cls([message]) if cls is SanctionsError else cls(message)


def test_every_project_error_is_defined_once_in_the_tree() -> None:
    defined = {getattr(errors, name) for name in errors.__all__}
    assert defined == {ArmswatchError, *OLD_BASES}
    for cls, base in OLD_BASES.items():
        assert issubclass(cls, ArmswatchError) and issubclass(cls, base)
        assert cls.__module__ == "armswatch.errors"
        assert cls.__name__ in errors.__doc__  # type: ignore[operator]


def test_errors_keep_their_problem_lists() -> None:
    assert KBError("a.csv:2: bad", ["a.csv:2: bad", "b.csv:3: worse"]).problems == (
        "a.csv:2: bad",
        "b.csv:3: worse",
    )
    assert KBError("a.csv:2: bad").problems == ("a.csv:2: bad",)
    assert str(SanctionsError(["first", "second"])) == "first"


@pytest.mark.parametrize("cls", sorted(OLD_BASES, key=lambda c: c.__name__))
def test_the_cli_shows_any_project_error_as_one_line(
    cls: type[Exception], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise _make(cls, f"{cls.__name__} happened")

    monkeypatch.setattr(armswatch.store, "open_store", fail)
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {cls.__name__} happened\n"
    assert "Traceback" not in result.output


def test_a_message_of_several_lines_stays_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise StoreError("cannot open database:\n  disk I/O error\n")

    monkeypatch.setattr(armswatch.store, "open_store", fail)
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "x.db")])
    assert (result.exit_code, result.stderr) == (1, "error: cannot open database:; disk I/O error\n")


def test_real_errors_reach_the_user_as_one_line(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1
    assert missing.stderr == f"error: {tmp_path / 'nope.db'}: no such database file\n"
    serve = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "nope.db")])
    assert serve.exit_code == 1
    assert serve.stderr.startswith("error: ") and serve.stderr.count("\n") == 1
    overlay = tmp_path / "kb"
    overlay.mkdir()
    (overlay / "actors.csv").write_text("id,kind\nnot a row\n", encoding="utf-8")
    args = ["ingest", str(tmp_path), "--db", str(tmp_path / "k.db"), "--kb", str(overlay)]
    bad_kb = CliRunner().invoke(cli, args)
    assert bad_kb.exit_code == 1
    assert bad_kb.stderr.startswith("error: ") and "actors.csv" in bad_kb.stderr
    assert not (tmp_path / "k.db").exists()


def test_other_exceptions_are_not_taken_for_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(armswatch.store, "open_store", fail)
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "x.db")])
    assert isinstance(result.exception, ZeroDivisionError)
