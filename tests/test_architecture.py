"""Data flows one way: a stage imports only the stages before it (and the shared layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "armswatch"
# The pipeline's order; the shared layers (`models`, `errors`, `partial_dates`, `clock`, `kb`, `version`)
# serve all; `pipeline`, `cli` and `notebook` sit on top.
STAGES = ("sources", "clean", "nlp", "events", "store", "stories", "export", "api")
TOP = ("pipeline", "cli", "notebook")


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "armswatch" and parts[1] in STAGES else None


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_later_stage(stage: str) -> None:
    later = set(STAGES[STAGES.index(stage) + 1 :])
    wrong = sorted(
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in (PACKAGE / stage).rglob("*.py")
        for module in _imports(path)
        if _stage(module) in later
    )
    assert wrong == []


def test_the_shared_layers_import_no_stage() -> None:
    shared = [
        PACKAGE / "models.py",
        PACKAGE / "errors.py",
        PACKAGE / "version.py",
        PACKAGE / "partial_dates.py",
        PACKAGE / "clock.py",
        PACKAGE / "calendar_names.py",
        PACKAGE / "filters.py",
        *(PACKAGE / "kb").rglob("*.py"),
    ]
    wrong = sorted(
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in shared
        for module in _imports(path)
        if _stage(module) is not None
    )
    assert wrong == []


def test_no_stage_imports_the_notebook_or_the_cli() -> None:
    # The API may run the pipeline (POST /ingest); the user-facing entry points stay on top.
    on_top = {"armswatch.notebook", "armswatch.cli"}
    assert all((PACKAGE / f"{name}.py").is_file() for name in TOP)
    wrong = sorted(
        f"{path.relative_to(PACKAGE)} imports {module}"
        for stage in STAGES
        for path in (PACKAGE / stage).rglob("*.py")
        for module in _imports(path)
        if module in on_top
    )
    assert wrong == []


def test_the_notebook_reads_through_the_store_package() -> None:
    # Besides the store: the shared layers, and the API's aggregates (actors, network), which are
    # what the product serves and are read-only over the same store.
    modules = {m for m in _imports(PACKAGE / "notebook.py") if m.startswith("armswatch.")}
    allowed = {"armswatch.api.aggregate"}
    assert modules and all(_stage(m) in ("store", None) or m in allowed for m in modules)
    assert "armswatch.store" in modules


def test_only_the_store_imports_sqlite3() -> None:
    wrong = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "store"
        and any(module.split(".")[0] == "sqlite3" for module in _imports(path))
    )
    assert wrong == []


def test_the_store_interface_imports_no_backend() -> None:
    # Another backend implements the protocols: they must not drag SQLite in.
    assert not any(
        module.split(".")[0] == "sqlite3" for module in _imports(PACKAGE / "store" / "interface.py")
    )
