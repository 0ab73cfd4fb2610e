"""Errors of the clean stage."""

from __future__ import annotations


class CleanError(ValueError):
    """A document in which no article text could be found."""
