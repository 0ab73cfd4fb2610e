"""English grammar the events stage reads a parse with: dependency labels, pronouns, modals,
determiners, prepositions and subordinators.

These describe how English sentences are built, not what an event means, so they stay in
code (as spaCy keeps language data apart from its algorithms); the words that decide what an
event is live in ``kb/triggers.toml`` and come through :mod:`armswatch.events.lexicon`.
"""

from __future__ import annotations

# --- dependency labels ---------------------------------------------------------------------

#: Subjects of a verb, and its objects.
SUBJECT_DEPS = ("nsubj", "csubj")
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
#: The slots a noun sits in when a light verb only carries it: "imposed sanctions", "held talks".
LIGHT_HEAD_DEPS = ("dobj", "nsubjpass", "attr", "pobj", "nsubj")
#: A noun phrase's own core: its modifiers and conjuncts, not the clauses and prepositional
#: phrases hanging off it.
CORE_DEPS = frozenset(
    {"compound", "amod", "poss", "nmod", "appos", "det", "nummod", "quantmod", "case", "cc"}
)
#: Links that keep a word inside the governed chain of a cue's clause. A clausal subject
#: counts: in "sending weapons would be a mistake" the predicate's modal hedges it.
CHAIN_DEPS = frozenset(
    {"xcomp", "pcomp", "pobj", "prep", "acl", "advcl", "conj", "dobj", "nsubjpass", "compound", "attr", "aux"}
    | {"csubj"}
)
#: Clauses on a cue noun: they tell more about the deed, not what it moved or fired.
CLAUSAL_DEPS = frozenset({"acl", "relcl", "advcl"})
#: Clauses and phrases inside a venue phrase that say something else than where it is.
VENUE_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "appos", "conj"})
#: Clauses of their own: a time inside one tells when that clause happened, not its head.
DATED_CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "parataxis", "csubj", "pcomp"})
#: Clauses that describe the cue itself ("the contract, signed in August 2022"): their time
#: is its time.
DESCRIBING_CLAUSE_DEPS = frozenset({"relcl", "acl"})

# --- closed word classes -------------------------------------------------------------------

#: Personal pronouns of people, and of states or groups.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
THING_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "theirs"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom", "whose"})
#: Determiners that make a noun definite: "the launch", "this decision".
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
#: Modals that leave a speech act unmade ("may ask"), and those that tell what will be.
MAYBE_MODALS = frozenset({"could", "may", "might"})
FUTURE_MODALS = ("would", "will", "'ll")
#: Subordinators and prepositions of time: "said after talks", "when he attended".
TEMPORAL_MARKERS = frozenset({"after", "before", "during", "following", "when", "while"})
TIME_MARKS = frozenset({"after", "as", "before", "when", "while"})
#: Prepositions of a place something is in or goes to, of a venue, and nested in a venue.
WHERE_PREPS = ("in", "inside", "to")
VENUE_PREPS = frozenset({"at", "in"})
NESTED_VENUE_PREPS = frozenset({"at", "in", "of"})

# --- verb classes --------------------------------------------------------------------------

#: Copulas: "X was irresponsible", "X remains the main supplier", "emerged as a supplier".
COPULAS_OF_QUALITY = ("be", "remain", "seem", "appear")
COPULAS_OF_IDENTITY = ("be", "remain")
COPULAS_OF_ROLE = ("be", "remain", "become", "stay")
AS_COPULAS = ("emerge", "serve", "act", "remain", "become", "rank")
#: Participles that raise their noun into the subject of what follows: "a country known to have".
RAISING_VERBS = frozenset({"believe", "expect", "know", "report", "say", "suspect", "think", "understand"})

# Kinds of time expression (``TimeExpr.ref``): a length of time dates nothing; a day told from
# another ("the previous day") names no occasion once that other day is missing.
NOT_OCCASIONS = frozenset({"duration"})
UNTOLD_TIMES = frozenset({"anchored"})
