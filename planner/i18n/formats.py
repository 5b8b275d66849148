"""Dates, numbers and counted words the way a Dutch school writes them: `di 10 mrt`, `2,5`,
`3 toetsen`, and the pseudonymous pupil as the subject of a sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from planner.i18n.catalogue import LANGUAGES, Catalogue, Lang, catalogue, word_lists

# How a planner writes a day and a month: `di 10 mrt`, `Tue 10 Mar`.
DATES = catalogue(
    "planner.i18n.formats.dates",
    {
        "days": {"nl": "ma di wo do vr za zo", "en": "Mon Tue Wed Thu Fri Sat Sun"},
        "months": {
            "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec",
            "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        },
    },
)
DAY_ABBREVIATIONS: Mapping[Lang, tuple[str, ...]] = word_lists(DATES, "days")
MONTH_ABBREVIATIONS: Mapping[Lang, tuple[str, ...]] = word_lists(DATES, "months")


def fmt_date(day: dt.date, lang: Lang, *, year: bool = False) -> str:
    """`di 10 mrt` / `Tue 10 Mar`: the way a Dutch school writes a date in a planner."""
    weekday = DAY_ABBREVIATIONS[lang][day.weekday()]
    text = f"{weekday} {day.day} {MONTH_ABBREVIATIONS[lang][day.month - 1]}"
    return f"{text} {day.year}" if year else text


def fmt_week(day: dt.date, lang: Lang) -> str:
    """ISO week of `day`: `week 11 (9-13 mrt)`, the unit teachers plan in."""
    iso = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    friday = monday + dt.timedelta(days=4)
    word = "week"
    if monday.month == friday.month:
        span = f"{monday.day}-{friday.day} {MONTH_ABBREVIATIONS[lang][friday.month - 1]}"
    else:
        span = (
            f"{monday.day} {MONTH_ABBREVIATIONS[lang][monday.month - 1]}"
            f" - {friday.day} {MONTH_ABBREVIATIONS[lang][friday.month - 1]}"
        )
    return f"{word} {iso.week} ({span})"


def fmt_num(value: float, lang: Lang = "en") -> str:
    """Load figures without noise: 3 rather than 3.0; 2.5 is written 2,5 in Dutch."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "nl" else text


def plural(n: float, one: str, many: str, lang: Lang = "en") -> str:
    return f"{fmt_num(n, lang)} {one if n == 1 else many}"


# Words the rule messages share, singular and plural; each rule file holds its own sentence.
WORDS = catalogue(
    "planner.i18n.formats.words",
    {
        "test.one": {"nl": "toets", "en": "test"},
        "test.many": {"nl": "toetsen", "en": "tests"},
        "heavy.one": {"nl": "zware toets", "en": "heavy test"},
        "heavy.many": {"nl": "zware toetsen", "en": "heavy tests"},
        "load.one": {"nl": "toetsbelasting", "en": "test load"},
        "load.many": {"nl": "toetsbelasting", "en": "test load"},
        "minute.one": {"nl": "minuut", "en": "minute"},
        "minute.many": {"nl": "minuten", "en": "minutes"},
        "day.one": {"nl": "schooldag", "en": "school day"},
        "day.many": {"nl": "schooldagen", "en": "school days"},
        "week.one": {"nl": "week", "en": "week"},
        "week.many": {"nl": "weken", "en": "weeks"},
        "pupil.one": {"nl": "leerling", "en": "pupil"},
        "pupil.many": {"nl": "leerlingen", "en": "pupils"},
        "error.one": {"nl": "fout", "en": "error"},
        "error.many": {"nl": "fouten", "en": "errors"},
        "warning.one": {"nl": "waarschuwing", "en": "warning"},
        "warning.many": {"nl": "waarschuwingen", "en": "warnings"},
        "info.one": {"nl": "info", "en": "info"},
        "info.many": {"nl": "info", "en": "infos"},
    },
)


def forms(words: Catalogue, word: str, lang: Lang) -> tuple[str, str]:
    """The singular and plural of `word` (entries `word.one` and `word.many`) in `lang`."""
    return words[f"{word}.one"][lang], words[f"{word}.many"][lang]


# (word, language) -> (singular, plural): `count` runs for every finding a rule writes.
_FORMS = {
    (word, lang): forms(WORDS, word, lang)
    for word in dict.fromkeys(key.rpartition(".")[0] for key in WORDS)
    for lang in LANGUAGES
}


def count(n: float, word: str, lang: Lang) -> str:
    one, many = _FORMS[word, lang]
    return plural(n, one, many, lang)


def who(group: str, pupil: str | None, lang: Lang) -> str:
    """The subject of a message: the group, or the pupil with the pseudonymous id."""
    if not isinstance(pupil, str):
        return group
    return f"leerling {pupil}" if lang == "nl" else f"pupil {pupil}"
