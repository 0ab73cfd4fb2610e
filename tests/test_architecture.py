"""Data flows one way: a stage imports only the stages before it (and the shared models, errors and KB)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "armswatch"
# The pipeline's order; `models`, `errors`, `kb` and `version` are shared by all, `pipeline` and `cli`
# sit on top.
STAGES = ("sources", "clean", "nlp", "events", "store", "stories", "api")


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
        *(PACKAGE / "kb").rglob("*.py"),
    ]
    wrong = sorted(
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in shared
        for module in _imports(path)
        if _stage(module) is not None
    )
    assert wrong == []
