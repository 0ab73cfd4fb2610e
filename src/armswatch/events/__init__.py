"""Events stage: parsed articles in, the contract's event records out.

Cues come from ``kb/triggers.toml``; roles from spaCy's dependency parse; factuality
and attribution from the words that govern each cue. The stage does no I/O.
"""

from __future__ import annotations

from armswatch.events.detect import EventExtractor
from armswatch.events.lexicon import Lexicon, LexiconError, load_lexicon

__all__ = ["EventExtractor", "Lexicon", "LexiconError", "load_lexicon"]
