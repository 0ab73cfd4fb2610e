"""How the events stage treats each event type: who must be named, what splits, what is tested."""

from __future__ import annotations

# Speech acts are attributed to their speaker (spec, "Conventions").
SPEECH_ACTS = frozenset({"accusation", "demand", "denial", "threat_designation"})

# Types whose record names one recipient (or one supplier) at a time.
SPLIT_TARGETS = frozenset({"arms_transfer", "tech_transfer", "threat_designation"})
SPLIT_SOURCES = frozenset({"arms_transfer", "tech_transfer", "sanction"})

# Types whose records always name who is acted on (spec, "Event types").
TARGET_REQUIRED = frozenset({"accusation", "demand", "sanction", "threat_designation"})

# Transfers of arms and of technology complete each other's missing roles.
TRANSFER_TYPES = frozenset({"arms_transfer", "tech_transfer"})

# Frames of transfers and deployments: a record needs both a sender and a receiver.
TRANSFER_FRAMES = frozenset({"give", "get", "deploy", "supplier", "customer"})

# Weapons whose firing can be a test; shells and bombs are fired in combat.
TESTABLE = frozenset({"missiles", "rockets", "nuclear", "air_defence", "drones", "satellites"})

# Deeds done against their target: what the target itself condemns as "the decision".
AGAINST = frozenset({"sanction", "troop_deployment"})

# Dealings that make two parties partners: a lone party's cooperation is with the other side.
PARTNERING = frozenset({"arms_transfer", "meeting", "military_cooperation", "tech_transfer"})
