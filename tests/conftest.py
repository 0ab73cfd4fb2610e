"""Test-wide settings: property tests run the same examples on every machine."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Derandomized so that CI and a developer see the same examples (the suite must be
# deterministic); `--hypothesis-profile=explore` searches afresh when hunting for bugs.
settings.register_profile("default", derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile("default")
