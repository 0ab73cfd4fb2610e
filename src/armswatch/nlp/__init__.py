"""Mention stage: sentences and actor, weapon, place, time and quantity mentions.

:class:`MentionFinder` (built once per process) turns a cleaned
:class:`~armswatch.models.Article` into a :class:`~armswatch.models.ParsedArticle`; see
:mod:`armswatch.nlp.finder` for the contract and :mod:`armswatch.nlp.resolve` for what
each mention's ``ref`` means.
"""

from armswatch.nlp.finder import MentionFinder, base_date, find_mentions
from armswatch.nlp.model import ModelNotInstalledError, load_spacy
from armswatch.nlp.sentences import split_sentences

__all__ = [
    "MentionFinder",
    "ModelNotInstalledError",
    "base_date",
    "find_mentions",
    "load_spacy",
    "split_sentences",
]
