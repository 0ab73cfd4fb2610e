"""Stories, near-duplicates, corroborated facts and sanctions flags.

Stage contract: the store's articles, mentions and events in -> ``stories``, ``article_links``,
``facts``, ``fact_events``, ``fact_actors`` and ``flags`` rows out (see
``store/migrations/0002_stories_facts.sql``). One event reported by ten outlets is one fact
with ten sources; a syndicated copy is linked to its original and not counted again; a
denial contradicts the claim it denies; a fact that falls under a UN sanctions regime
(``kb/sanctions.toml``) carries a flag that says which clause and why.

``update(store)`` is incremental (the pipeline calls it after every ingest); ``rebuild(store)``
recomputes everything from the stored events.
"""

from __future__ import annotations

from armswatch.stories.cluster import StoryConfig
from armswatch.stories.facts import FactSummary, aggregate, match_score
from armswatch.stories.sanctions import (
    Flag,
    Measure,
    Regime,
    SanctionsError,
    check_regimes,
    flags_for,
    load_regimes,
)
from armswatch.stories.terms import TermWeights
from armswatch.stories.updater import StoryUpdater, UpdateReport, rebuild, update

__all__ = [
    "FactSummary",
    "Flag",
    "Measure",
    "Regime",
    "SanctionsError",
    "StoryConfig",
    "StoryUpdater",
    "TermWeights",
    "UpdateReport",
    "aggregate",
    "check_regimes",
    "flags_for",
    "load_regimes",
    "match_score",
    "rebuild",
    "update",
]
