"""Test-wide settings and shared fixtures.

Property tests run the same examples on every machine; the full pipeline (KB, spaCy, event
extractor) is built once per run, and so is the hand-made database the API and export tests read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from armswatch.pipeline import Processor

# Derandomized so that CI and a developer see the same examples (the suite must be
# deterministic); `--hypothesis-profile=explore` searches afresh when hunting for bugs.
settings.register_profile("default", derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile("default")


@pytest.fixture(scope="session")
def proc() -> Processor:
    """The pipeline's per-process state, as ingest builds it (read-only in tests)."""
    return Processor()


@pytest.fixture(scope="session")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made database of ``api_support.SYNTHETIC`` with its facts built; tests only read it."""
    from api_support import synthetic_db

    return synthetic_db(tmp_path_factory.mktemp("synthetic") / "x.db")
