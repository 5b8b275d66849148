"""Dutch and English words for everything a user reads: the registry of every module's
catalogue (catalogue.py), dates, numbers and counted words (formats.py), and the engine's
messages about input it cannot use (messages.py).

One mechanism: a module that shows text keeps its words in a `Catalogue` beside the code that
uses them, made with `catalogue(owner, {key: {"nl": ..., "en": ...}})`, which registers it in
`CATALOGUES` and refuses an entry without both languages or with different placeholders.
Registered Python catalogues rather than gettext `.po` files: the translators are the
developers writing the Dutch and the English side by side, a missing language fails at import
(and in tests/test_i18n.py) rather than falling back silently, and there is no build step.
"""

from __future__ import annotations

from planner.i18n.catalogue import (
    CATALOGUES,
    LANGUAGES,
    Catalogue,
    Lang,
    catalogue,
    check_lang,
    placeholders,
    word_lists,
)
from planner.i18n.formats import (
    DATES,
    DAY_ABBREVIATIONS,
    MONTH_ABBREVIATIONS,
    WORDS,
    count,
    fmt_date,
    fmt_num,
    fmt_week,
    forms,
    plural,
    who,
)
from planner.i18n.messages import MESSAGES, PLACES, Msg, message, problem

__all__ = [
    "CATALOGUES",
    "DATES",
    "DAY_ABBREVIATIONS",
    "LANGUAGES",
    "MESSAGES",
    "MONTH_ABBREVIATIONS",
    "PLACES",
    "WORDS",
    "Catalogue",
    "Lang",
    "Msg",
    "catalogue",
    "check_lang",
    "count",
    "fmt_date",
    "fmt_num",
    "fmt_week",
    "forms",
    "message",
    "placeholders",
    "plural",
    "problem",
    "who",
    "word_lists",
]
