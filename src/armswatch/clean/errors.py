"""Errors of the clean stage (defined in :mod:`armswatch.errors`)."""

from __future__ import annotations

from armswatch.errors import CleanError as CleanError
