"""Mention stage: sentences and actor, weapon, place, time and quantity mentions.

``run(articles, kb=kb)`` turns cleaned :class:`~armswatch.models.Article` records into
:class:`~armswatch.models.ParsedArticle` records; see :mod:`armswatch.nlp.finder` for
the contract and :mod:`armswatch.nlp.resolve` for what each mention's ``ref`` means.
"""

from armswatch.nlp.finder import MentionFinder, base_date, find_mentions, run
from armswatch.nlp.model import ModelNotInstalledError, load_spacy
from armswatch.nlp.sentences import split_sentences

__all__ = [
    "MentionFinder",
    "ModelNotInstalledError",
    "base_date",
    "find_mentions",
    "load_spacy",
    "run",
    "split_sentences",
]
