"""The words a plan is read in: weekday and month names (Dutch and English; German weekdays)
and group names.

Every importer reads these through this module, so that a spelling one of them understands
(`din` for Tuesday, `H5a` for a class) is understood by all of them. It is pure (only `re` and
planner.i18n's words); its written forms (`DAY_ABBREVIATIONS`, `MONTH_ABBREVIATIONS`, from
planner.i18n) are the ones a planner writes in a date (`di 10 mrt`, `Tue 10 Mar`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from planner.i18n import DAY_ABBREVIATIONS, MONTH_ABBREVIATIONS, Lang, catalogue, word_lists

# --- weekdays and months -----------------------------------------------------------------------

# The names of the days and months; their written forms (`DAY_ABBREVIATIONS`,
# `MONTH_ABBREVIATIONS`) are planner.i18n's, the ones dates are written with.
_NAMES = catalogue(
    __name__,
    {
        "days": {
            "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
            "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        },
        "months": {
            "nl": "januari februari maart april mei juni juli augustus september oktober "
            "november december",
            "en": "January February March April May June July August September October "
            "November December",
        },
    },
)
DAY_NAMES: Mapping[Lang, tuple[str, ...]] = word_lists(_NAMES, "days")
# Other ways teachers shorten a day in a planner (read, never written). German too (`Mo`,
# `Di`, `Mi`, ...: schools near the border and German-language calendars); where German and
# Dutch share an abbreviation (`di`, `do`) it is the same day, and `_numbered` refuses a clash.
_OTHER_DAY_SPELLINGS: Mapping[str, int] = {
    "maa": 0, "maan": 0, "mo": 0, "montag": 0,
    "din": 1, "dins": 1, "tu": 1, "tues": 1, "dienstag": 1,
    "woe": 2, "woens": 2, "we": 2, "mi": 2, "mittwoch": 2,
    "don": 3, "dond": 3, "th": 3, "thur": 3, "thurs": 3, "donnerstag": 3,
    "vrij": 4, "fr": 4, "freitag": 4,
    "zat": 5, "sa": 5, "samstag": 5,
    "zon": 6, "su": 6, "so": 6, "sonntag": 6,
}  # fmt: skip
MONTH_NAMES: Mapping[Lang, tuple[str, ...]] = word_lists(_NAMES, "months")
_OTHER_MONTH_SPELLINGS: Mapping[str, int] = {"sept": 9}


def _numbered(
    tables: Iterable[Sequence[str]], first: int, other: Mapping[str, int]
) -> dict[str, int]:
    """Each spelling (case-folded) -> its place in its table counting from `first`, and each
    `other` spelling -> its own number.

    A spelling that would be read as two numbers is refused here, when the module loads, rather
    than read one way by chance."""
    pairs = [(s, n) for table in tables for n, s in enumerate(table, start=first)]
    out: dict[str, int] = {}
    for spelling, number in [*pairs, *other.items()]:
        word = spelling.casefold()
        if out.setdefault(word, number) != number:
            raise ValueError(f"{spelling!r} would be read as {out[word]} and as {number}")
    return out


# Monday is 0, as in `datetime.date.weekday()`.
WEEKDAYS: Mapping[str, int] = _numbered(
    [*DAY_ABBREVIATIONS.values(), *DAY_NAMES.values()], 0, _OTHER_DAY_SPELLINGS
)
# January is 1, as in `datetime.date.month`.
MONTHS: Mapping[str, int] = _numbered(
    [*MONTH_ABBREVIATIONS.values(), *MONTH_NAMES.values()], 1, _OTHER_MONTH_SPELLINGS
)
# A weekday as its number in a timetable: 1 for Monday ... 7 for Sunday.
_DAY_DIGITS = {str(number + 1): number for number in range(7)}


def _word(text: str) -> str:
    """A name as looked up: no surrounding space, case-folded, no abbreviation's full stop."""
    return text.strip().casefold().rstrip(".")


def weekday_of_name(text: str) -> int | None:
    """0 for Monday ... 6 for Sunday, from a day's name or abbreviation in Dutch, English or
    German (`di`, `din`, `dinsdag`, `Tue`, `tues`, `Tuesday`, `di.`, `Mi`, `Mittwoch`); None
    for anything else.

    For a date cell (`di 10 mrt`), where a number is a day of the month, not a weekday."""
    return WEEKDAYS.get(_word(text))


def weekday_number(text: str) -> int | None:
    """0 for Monday ... 6 for Sunday, from what `weekday_of_name` reads or a weekday's number
    1-7 (a timetable's day column); None for anything else."""
    word = _word(text)
    found = WEEKDAYS.get(word)
    return found if found is not None else _DAY_DIGITS.get(word)


def month_number(text: str) -> int | None:
    """1 for January ... 12 for December, from a month's name or abbreviation in Dutch or
    English (`mrt`, `maart`, `Mar`, `March`, `sept`, `mrt.`); None for anything else."""
    return MONTHS.get(_word(text))


# --- group names -------------------------------------------------------------------------------

# Dutch: the year 1-6, letters, an optional number (`2A`, `1E`, `4H1`, `4havo`, `3gymn`).
_DUTCH_GROUP = r"[1-6][A-Za-z]{1,5}\d{0,2}"
# Magister-style: the school type first, then the year and the class (`H5a`, `V4b`, `hv1a`);
# `%d` is how many class letters it needs at least.
_MAGISTER_GROUP = r"[A-Za-z]{1,2}[1-6][A-Za-z]{%d,4}\d{0,2}"
# A cluster of a year: `4h.wisB`, `5v.n&t2`, `H5a.ne`.
_CLUSTER = r"(?:\.[A-Za-z][\w&-]*)?"
_GROUP_NAME = re.compile(rf"(?:{_DUTCH_GROUP}|{_MAGISTER_GROUP % 0}){_CLUSTER}")
# In running text a Magister-style name needs its class letter: `H3`, `SE2`, `PW1` there are a
# chapter, an exam and a test, not classes. A name stands alone as a word (not in `§2a`,
# `4h.wisB.x` or `n&t2`).
_GROUP_IN_TEXT = re.compile(
    rf"(?<![\w.&§#])((?:{_DUTCH_GROUP}|{_MAGISTER_GROUP % 1}){_CLUSTER})(?![\w.&])"
)
# Written in lower case after a digit these are ordinals or units (`1e uur`, `3x`, `2u`), not
# groups; `1E` is a class.
_NOT_GROUPS = {"e", "de", "ste", "st", "nd", "rd", "th", "x", "u", "uur", "min", "km", "kg", "cm"}
# Between the names in a list of groups: `2A, 2B`, `2A;2B`, `2A/2B`.
GROUP_SEPARATOR = re.compile(r"\s*[,;/]\s*")


def _ordinal(name: str) -> bool:
    return name[:1].isdigit() and name[1:] in _NOT_GROUPS


def is_group_name(text: str) -> bool:
    """Whether the whole text is one group name, as a column label or a sheet's name (`2A`,
    `4H1`, `4havo`, `4h.wisB`, `H5a`, `V4`); `1e` and `3x` are an ordinal and a unit."""
    return _GROUP_NAME.fullmatch(text) is not None and not _ordinal(text)


def group_names_in(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The group names standing as words in a text (`2A, 2B wiskunde`, `H5a PW`), each once,
    with where it first stands."""
    found: list[tuple[str, tuple[int, int]]] = []
    names: set[str] = set()
    for match in _GROUP_IN_TEXT.finditer(text):
        name = match.group(1)
        if _ordinal(name) or name in names:
            continue
        names.add(name)
        found.append((name, match.span(1)))
    return found


# --- the school's own words --------------------------------------------------------------------


def whole_words(words: Iterable[str]) -> re.Pattern[str]:
    """Any of `words` (a school's kind aliases: `PW`, `proefwerk`, ...) standing as a whole word,
    in any case; the longest first, so that `schriftelijke overhoring` wins over a shorter word
    it begins with."""
    longest_first = sorted((w for w in words if w), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in longest_first)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
