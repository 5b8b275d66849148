"""Dutch and English words for everything a user reads: dates, units and rule messages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

Lang = Literal["nl", "en"]
LANGUAGES: tuple[Lang, ...] = ("nl", "en")

_DAYS = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def check_lang(lang: str) -> Lang:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def fmt_date(day: dt.date, lang: Lang, *, year: bool = False) -> str:
    """`di 10 mrt` / `Tue 10 Mar`: the way a Dutch school writes a date in a planner."""
    text = f"{_DAYS[lang][day.weekday()]} {day.day} {_MONTHS[lang][day.month - 1]}"
    return f"{text} {day.year}" if year else text


def fmt_week(day: dt.date, lang: Lang) -> str:
    """ISO week of `day`: `week 11 (9-13 mrt)`, the unit teachers plan in."""
    iso = day.isocalendar()
    monday = day - dt.timedelta(days=day.weekday())
    friday = monday + dt.timedelta(days=4)
    word = "week"
    if monday.month == friday.month:
        span = f"{monday.day}-{friday.day} {_MONTHS[lang][friday.month - 1]}"
    else:
        span = (
            f"{monday.day} {_MONTHS[lang][monday.month - 1]}"
            f" - {friday.day} {_MONTHS[lang][friday.month - 1]}"
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


# Words the rule messages share; each rule file holds its own sentence.
WORDS: dict[str, dict[Lang, tuple[str, str]]] = {
    "test": {"nl": ("toets", "toetsen"), "en": ("test", "tests")},
    "heavy": {"nl": ("zware toets", "zware toetsen"), "en": ("heavy test", "heavy tests")},
    "load": {"nl": ("toetsbelasting", "toetsbelasting"), "en": ("test load", "test load")},
    "minute": {"nl": ("minuut", "minuten"), "en": ("minute", "minutes")},
    "day": {"nl": ("schooldag", "schooldagen"), "en": ("school day", "school days")},
}


def count(n: float, word: str, lang: Lang) -> str:
    one, many = WORDS[word][lang]
    return plural(n, one, many, lang)


def who(group: str, pupil: str | None, lang: Lang) -> str:
    """The subject of a message: the group, or the pupil with the pseudonymous id."""
    if not isinstance(pupil, str):
        return group
    return f"leerling {pupil}" if lang == "nl" else f"pupil {pupil}"


# Import problems: what is wrong with a cell, in words for the person who made the file.
PROBLEMS: dict[str, dict[Lang, str]] = {
    "empty": {"nl": "{column} is leeg", "en": "{column} is empty"},
    "date": {
        "nl": "geen datum (schrijf 2026-03-10 of 10-03-2026)",
        "en": "not a date (use 2026-03-10 or 10-03-2026)",
    },
    "kind": {
        "nl": "onbekende soort (bekend: {known})",
        "en": "unknown kind (known: {known})",
    },
    "number": {"nl": "geen getal", "en": "not a number"},
    "negative": {"nl": "mag niet negatief zijn", "en": "must not be negative"},
    "period": {"nl": "geen lesuur", "en": "not a lesson number"},
    "bool": {"nl": "gebruik ja/nee", "en": "use yes/no"},
}


def problem(key: str, lang: str, **values: object) -> str:
    text = PROBLEMS[key]["en" if lang == "en" else "nl"]
    return text.format(**values)
