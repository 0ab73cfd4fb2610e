"""How the events stage treats each event type: who must be named, what splits, what is tested.

The per-type sets come from the one table of event-type traits (``kb/event_types.toml``).
"""

from __future__ import annotations

from armswatch.kb.event_types import types_where

# Speech acts are attributed to their speaker (spec, "Conventions").
SPEECH_ACTS = types_where(lambda t: t.speech_act)

# Types whose record names one recipient (or one supplier) at a time.
SPLIT_TARGETS = types_where(lambda t: t.split_targets)
SPLIT_SOURCES = types_where(lambda t: t.split_sources)

# Types whose records always name who is acted on (spec, "Event types").
TARGET_REQUIRED = types_where(lambda t: t.target_required)

# Transfers of arms and of technology complete each other's missing roles.
TRANSFER_TYPES = types_where(lambda t: t.transfer)

# Deeds done against their target: what the target itself condemns as "the decision".
AGAINST = types_where(lambda t: t.against)

# Dealings that make two parties partners: a lone party's cooperation is with the other side.
PARTNERING = types_where(lambda t: t.partnering)

# Types whose records merge when the same parties are named, whatever their roles.
SYMMETRIC = types_where(lambda t: t.symmetric)

# Types an article rarely reports twice over with different occurrences.
ONE_OCCURRENCE = types_where(lambda t: t.one_occurrence)

# Frames of transfers and deployments: a record needs both a sender and a receiver.
TRANSFER_FRAMES = frozenset({"give", "get", "deploy", "supplier", "customer"})

# Weapons whose firing can be a test; shells and bombs are fired in combat.
TESTABLE = frozenset({"missiles", "rockets", "nuclear", "air_defence", "drones", "satellites"})
