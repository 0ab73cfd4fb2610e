"""English calendar words, kept once for every stage that reads dates: month and weekday names
and the abbreviations news writes for them.

Language data, not domain data (as spaCy's ``lang/en`` keeps it apart from its algorithms): the
clean stage reads publication dates with it, :mod:`armswatch.nlp.times` builds its date patterns
from it, :mod:`armswatch.nlp.sentences` knows "Sept." holds on to its number, and
:mod:`armswatch.nlp.context` that "May" opens no name. A shared layer: it imports nothing.
"""

from __future__ import annotations

#: Month names in calendar order.
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
#: Abbreviations of months, each with its month number; "sept" before "sep" so a pattern
#: built from them tries the longer first. May has none.
MONTH_ABBREVIATIONS = (
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
)
#: Month number of every name and abbreviation, lower-case.
MONTHS = {**{name: n for n, name in enumerate(MONTH_NAMES, 1)}, **dict(MONTH_ABBREVIATIONS)}
#: Weekday names, Monday first (``date.weekday()`` order).
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS = {name: n for n, name in enumerate(WEEKDAY_NAMES)}
#: Abbreviations of weekdays, each with its number (Monday = 0).
WEEKDAY_ABBREVIATIONS = (
    ("mon", 0),
    ("tue", 1),
    ("tues", 1),
    ("wed", 2),
    ("thu", 3),
    ("thur", 3),
    ("thurs", 3),
    ("fri", 4),
    ("sat", 5),
    ("sun", 6),
)
#: Weekday number of every name and abbreviation, lower-case.
WEEKDAY_FORMS = {**WEEKDAYS, **dict(WEEKDAY_ABBREVIATIONS)}
