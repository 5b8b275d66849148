"""Exports of the Dutch school systems, read without hand mapping.

Publicly documented fields (the systems' appointment and study-guide APIs, which their exports
and the tools built on them follow):

- Magister appointments: Start, Einde, LesuurVan, Omschrijving, Lokatie, Inhoud, Vakken,
  Docenten, Groepen and InfoType (0 none, 1 huiswerk, 2 proefwerk, 3 tentamen,
  4 schriftelijke overhoring, 5 mondelinge overhoring, 6 informatie, 7 aantekening).
- Somtoday study guide: datumTijd, lesgroep, vak, onderwerp, omschrijving and huiswerkType
  (HUISWERK, TOETS, GROTE_TOETS); appointments beginDatumTijd, eindDatumTijd, beginLesuur.
- Zermelo appointments: start and end (Unix seconds), startTimeSlot, subjects, groups,
  teachers, type (lesson, exam, activity, ...), cancelled, remark.
- Untis' exam list ("Klausuren", as SchulIT's untisexport-service reads its print): Datum,
  Von, Bis, Klassen, Kurs, Lehrer, Räume, Name, Text; every row an exam, the subject the
  course code's first part (`D-LK1` -> `D`). Its file GPU017 has no header: planner.importers.untis.

Their column names are in planner.model.ALIASES; this module translates their codes into kind
words, takes the day (in Europe/Amsterdam) and the clock time from date-times, leaves out
lessons, notes and cancelled appointments (counted in one problem, not one per row), and
flattens list cells (`['4a', '4b']`) and HTML (`<p>Leer H3</p>`).
"""

from __future__ import annotations

import ast
import functools
import html
import json
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from planner.i18n import problem
from planner.importers.sources import NO_ASSESSMENT, NO_DAY, WITHDRAWN, Tally
from planner.importers.unique import by_unique
from planner.model import ImportProblem
from planner.vocabulary import group_names_in, is_group_name

TIMEZONE = "Europe/Amsterdam"

# Code -> a word the school's kind aliases know ("" = not an assessment).
MAGISTER_INFOTYPE = {
    "0": "",
    "1": "huiswerk",
    "2": "proefwerk",
    "3": "tentamen",
    "4": "schriftelijke overhoring",
    "5": "mondeling",
    "6": "",
    "7": "",
}
SOMTODAY_HUISWERKTYPE = {
    "huiswerk": "huiswerk",
    "toets": "schriftelijke overhoring",  # Somtoday's small test; GROTE_TOETS is the big one
    "grote_toets": "proefwerk",
    "leerstof": "",
}
ZERMELO_TYPE = {
    "exam": "toets",
    "lesson": "",
    "activity": "",
    "choice": "",
    "talk": "",
    "other": "",
    "interlude": "",
    "meeting": "",
    "conflict": "",
    "unknown": "",
}
CANCELLED_COLUMNS = ("cancelled", "vervallen", "geannuleerd", "uitval")
# Columns that say an item is withdrawn or has no day, read only from the systems that write
# them: Zermelo's `valid` and `hidden` (an old or hidden version of an appointment), Magister's
# `Status`, `DuurtHeleDag` (no clock time) and Somtoday's week-level `weeknummerVanaf`.
MARKER_COLUMNS = (
    *CANCELLED_COLUMNS,
    "valid",
    "hidden",
    "status",
    "duurtheledag",
    "weeknummervanaf",
)
# Magister Status codes: 4 and 5 are withdrawn (vervallen handmatig / automatisch); 9 is
# "verplaatst", which also marks the slot a moved item left when its moved copy is in the file.
MAGISTER_WITHDRAWN = frozenset({"4", "5"})
MAGISTER_MOVED = "9"
_TRUE = {"1", "true", "ja", "yes", "waar", "x"}
_FALSE = {"0", "false", "nee", "no", "onwaar"}
_LIST = re.compile(r"^\s*\[(.*)\]\s*$", re.S)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|li|h\d)>|<br\s*/?>", re.I)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_UNIX = re.compile(r"^\d{9,11}(\.\d+)?$")
# A remark that starts with a label and then the group: `Toets: v5 wiskunde H3`.
_LABELLED = re.compile(r"^\s*[^:\n]{1,40}:\s*(\S+)")
# The keys of an object in a list cell that name it: Magister's `Docentcode` before `Naam`
# (the code is what the timetable uses), Somtoday's `afkorting`, anything's `name`/`code`.
NAME_KEYS = ("docentcode", "code", "naam", "name", "afkorting", "omschrijving")
# How long a list cell may be to be read as a list (a longer one stays text).
_MAX_LIST_CELL = 10_000

MAGISTER = "magister-agenda"
SOMTODAY = "somtoday-studiewijzer"
ZERMELO = "zermelo-appointments"
ZERMELO_LIVE = "zermelo-liveschedule"
WEBUNTIS = "webuntis-exams"
UNTIS_LIST = "untis-klausuren"
# Each system's codes for the kind, as words the school's kind aliases know.
_CODES = {
    MAGISTER: MAGISTER_INFOTYPE,
    SOMTODAY: SOMTODAY_HUISWERKTYPE,
    ZERMELO: ZERMELO_TYPE,
    ZERMELO_LIVE: ZERMELO_TYPE,
}
# What a row of an exam list is when it names no kind: every row is a test.
_EXAM_LISTS = {WEBUNTIS: "toets", UNTIS_LIST: "klausur"}


def system_of(labels: Sequence[str]) -> str | None:
    """The school system's export (a format id of planner.importers.sources), told by the
    export's own column names (as the system writes them, or flattened with dotted names)."""
    names = {str(label).strip().casefold() for label in labels}
    if "infotype" in names or {"start", "einde", "duurtheledag"} <= names:
        return MAGISTER
    if names & {"huiswerktype", "studiewijzeritem.huiswerktype"}:
        return SOMTODAY
    if "examdate" in names:
        return WEBUNTIS
    if "appointmenttype" in names:
        return ZERMELO_LIVE
    if {"subjects", "groups"} <= names or ({"start", "type", "cancelled"} <= names):
        return ZERMELO
    if "kurs" in names and names & {"klassen", "datum"}:
        return UNTIS_LIST
    if {"cursus", "klassen"} <= names and names & {"van", "lokalen"}:  # a Dutch Untis
        return UNTIS_LIST
    return None


def prepare(
    frame: pd.DataFrame,
    labels: Sequence[str],
    source: str,
    lang: str,
    tally: Tally | None = None,
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """A canonical-named frame (with `row`) from a system export made ready for finalize:
    list cells and HTML flattened, days from date-times, withdrawn items and items that are
    no test or homework left out (each counted in one problem), kinds as words."""
    system = system_of(labels)
    tally = tally or Tally("csv")
    if system is not None:
        tally.system = system
    problems: list[ImportProblem] = []
    frame = frame.copy()
    for col in ("group", "subject", "teacher", "notes"):
        if col in frame:
            text = frame[col].fillna("").astype("str")
            frame[col] = by_unique(text, _plain_notes if col == "notes" else _flat_lists)
    if system == WEBUNTIS and "id" in frame:
        frame["id"] = ""  # always 0 in WebUntis' exams (deprecated there): ids are derived
    if system in (ZERMELO, ZERMELO_LIVE) and "period" in frame:
        # `startTimeSlotName` is the hour's name: `u1` is the first lesson.
        slot = frame["period"].fillna("").astype("str").str.extract(r"(\d+)", expand=False)
        frame["period"] = slot.fillna("")
    if "start" in frame and _empty(frame, "date"):
        frame = _days_from_date_times(frame)
    if system == MAGISTER and "duurtheledag" in frame:
        whole_day = _flags(frame, "duurtheledag", _TRUE)
        frame.loc[whole_day, [c for c in ("start", "end") if c in frame]] = ""
    withdrawn = _withdrawn(frame, system)
    if withdrawn.any():
        count = int(withdrawn.sum())
        problems.append(tally.summary(source, WITHDRAWN, count, "export_cancelled", lang))
        frame = frame[~withdrawn]
    if system is None:
        return frame, problems
    if system == UNTIS_LIST:
        frame = _untis_list(frame)
    if system == SOMTODAY and "weeknummervanaf" in frame:
        frame, weekly = _week_items(frame, source, lang)
        problems.extend(weekly)
        tally.leave_out(NO_DAY, len(weekly), [(source, p.row or 0) for p in weekly])
    if "group" in frame:
        frame["group"] = _groups_from_text(frame)
    if "kind" not in frame:
        if system not in _EXAM_LISTS:
            return frame, problems
        frame["kind"] = ""
    raw = frame["kind"].fillna("").astype("str").str.strip()
    if system in _EXAM_LISTS:
        frame["kind"] = raw.where(raw != "", _EXAM_LISTS[system])
        return frame, problems
    key = raw.str.casefold().str.replace(r"\.0$", "", regex=True)
    words = key.map(_CODES[system])
    not_assessment = words.eq("") | raw.eq("")
    if not_assessment.any():
        count = int(not_assessment.sum())
        problems.append(tally.summary(source, NO_ASSESSMENT, count, "export_no_assessment", lang))
    frame = frame[~not_assessment].copy()
    frame["kind"] = words[~not_assessment].fillna(raw[~not_assessment])
    return frame, problems


def course_subject(course: str) -> str:
    """The subject of an Untis course code: the part before the first `-` (`D-LK1` -> `D`,
    `KU-GK2` -> `KU`); a code without one is its own subject."""
    return course.split("-", 1)[0].strip() or course.strip()


def _course_subjects(values: pd.Series) -> pd.Series:
    """`D-LK1` -> `D`; several courses (`KU-GK1, KU-GK2`) -> their distinct subjects."""
    return values.map(
        lambda text: ", ".join(
            dict.fromkeys(course_subject(c) for c in text.split(",") if c.strip())
        )
    ).astype("str")


def _untis_teachers(values: pd.Series) -> pd.Series:
    """`ABC - DEF` (Untis' list separates teachers by `-`) -> `ABC, DEF`."""
    return values.map(
        lambda text: ", ".join(dict.fromkeys(t.strip() for t in text.split("-") if t.strip()))
    ).astype("str")


def _untis_list(frame: pd.DataFrame) -> pd.DataFrame:
    """Untis' exam list: the subject from the course (`Kurs`), which is also the group when no
    class is given; the teachers (`ABC - DEF`) comma-separated; a Dutch Untis' `Van` and `Tot`
    are periods, not clock times."""
    if "teacher" in frame:
        teachers = frame["teacher"].fillna("").astype("str")
        frame["teacher"] = by_unique(teachers, _untis_teachers)
    if "subject" in frame:
        courses = frame["subject"].fillna("").astype("str")
        frame["subject"] = by_unique(courses, _course_subjects)
        if "group" in frame:
            group = frame["group"].fillna("").astype("str")
            frame["group"] = group.where(group.str.strip() != "", courses)
        else:
            frame["group"] = courses
    if "start" in frame and _empty(frame, "period"):
        for col in ("start", "end"):
            if col in frame:
                text = frame[col].fillna("").astype("str").str.strip()
                number = text.str.fullmatch(r"\d{1,2}")
                if col == "start":
                    frame["period"] = text.where(number, "")
                frame[col] = text.where(~number, "")
    return frame


def _flags(frame: pd.DataFrame, col: str, words: set[str]) -> pd.Series:
    if col not in frame:
        return pd.Series(False, index=frame.index)
    text = frame[col].fillna("").astype("str").str.strip().str.casefold()
    return text.str.replace(r"\.0$", "", regex=True).isin(words)


def _withdrawn(frame: pd.DataFrame, system: str | None) -> pd.Series:
    """Items that are not (or no longer) on the schedule: cancelled in any export; an old or
    hidden version in Zermelo's; withdrawn in Magister's, or the old slot of a moved item."""
    out = pd.Series(False, index=frame.index)
    for col in CANCELLED_COLUMNS:
        out |= _flags(frame, col, _TRUE)
    if system in (ZERMELO, ZERMELO_LIVE):
        out |= _flags(frame, "valid", _FALSE) | _flags(frame, "hidden", _TRUE)
    if system == MAGISTER and "status" in frame:
        status = frame["status"].fillna("").astype("str").str.strip()
        status = status.str.replace(r"\.0$", "", regex=True)
        out |= status.isin(MAGISTER_WITHDRAWN)
        moved = status.eq(MAGISTER_MOVED) & ~out
        if moved.any():
            out |= moved & _has_twin(frame, moved, ~out & ~moved)
    return out


def _has_twin(frame: pd.DataFrame, rows: pd.Series, others: pd.Series) -> pd.Series:
    """Which of `rows` has a twin among `others` on another day: the same subject, group,
    kind and title (the moved copy, so this row is the slot it left)."""
    cols = [c for c in ("subject", "group", "kind", "title") if c in frame]
    key = frame[cols].fillna("").astype("str").agg("|".join, axis=1) if cols else None
    if key is None:
        return pd.Series(False, index=frame.index)
    day = frame["date"].fillna("").astype("str") if "date" in frame else ""
    pairs = pd.DataFrame({"key": key, "day": day})
    theirs = pairs[others]
    mine = pairs[rows].reset_index().merge(theirs, on="key", suffixes=("", "_other"))
    elsewhere = mine.loc[mine["day"] != mine["day_other"], "index"]
    return frame.index.to_series().isin(set(elsewhere))


def _week_items(
    frame: pd.DataFrame, source: str, lang: str
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """Somtoday's week-level assignments have a week and no day: each is a problem ("week 6:
    no day given"), never placed on a day we would have to guess."""
    date = frame["date"].fillna("").astype("str").str.strip() if "date" in frame else None
    week = frame["weeknummervanaf"].fillna("").astype("str").str.strip()
    week = week.str.replace(r"\.0$", "", regex=True)
    weekly = (week != "") & (date == "" if date is not None else True)
    problems = [
        ImportProblem(source, int(row), "date", f"week {n}", problem("week_no_day", lang, week=n))
        for row, n in zip(frame.loc[weekly, "row"], week[weekly], strict=True)
    ]
    return frame[~weekly], problems


def _groups_from_text(frame: pd.DataFrame) -> pd.Series:
    """The group of an item whose group list is empty, from its own words: Magister's
    description (`wi - jan - 4vb`) or a Zermelo remark that starts with a label (`Toets: v5
    ...`)."""
    group = frame["group"].fillna("").astype("str")
    empty = group.str.strip() == ""
    if not empty.any():
        return group
    texts = [frame[c].fillna("").astype("str") for c in ("title", "notes") if c in frame]
    found = pd.Series("", index=frame.index)
    for text in texts:
        todo = empty & (found == "")
        if todo.any():
            found[todo] = by_unique(text[todo], _group_in_text)
    return group.where(~empty, found)


def _group_in_text(values: pd.Series) -> pd.Series:
    return values.map(_group_of).astype("str")


def _group_of(text: str) -> str:
    names = [name for name, _ in group_names_in(text)]
    if names:
        return ", ".join(names)
    labelled = _LABELLED.match(text)
    if labelled and is_group_name(labelled.group(1).rstrip(".,;")):
        return labelled.group(1).rstrip(".,;")
    return ""


def _empty(frame: pd.DataFrame, col: str) -> bool:
    return col not in frame or bool((frame[col].fillna("").astype("str").str.strip() == "").all())


def _flat_lists(values: pd.Series) -> pd.Series:
    return values.map(_flatten_list).astype("str")


def _plain_notes(values: pd.Series) -> pd.Series:
    return values.map(_plain_text).astype("str")


def _flatten_list(value: object) -> object:
    """A list written out by an export as text: `['4a', '4b']` -> `4a, 4b`; a list of objects
    (`[{'Id': 1, 'Naam': 'wiskunde'}]`, as pandas writes Magister's `Vakken`) -> their names."""
    if not isinstance(value, str):
        return value
    match = _LIST.match(value)
    if not match:
        return value
    if "{" in value and len(value) <= _MAX_LIST_CELL:
        items = _literal(value)
        if isinstance(items, list):
            return list_text(items)
    items = [item.strip().strip("'\"").strip() for item in match.group(1).split(",")]
    return ", ".join(item for item in items if item)


def _literal(text: str) -> object:
    """A cell holding a list as JSON or as Python writes it (pandas' CSV of a list column)."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return ast.literal_eval(text)  # literals only: no names, calls or attributes
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def list_text(items: list[object]) -> str:
    """The names in a list from an export, comma-separated: strings as they are, objects by
    their name key (NAME_KEYS, in that order)."""
    names = []
    for item in items:
        if isinstance(item, dict):
            item = _name_in(item)
        if item is None or isinstance(item, (dict, list)):
            continue
        text = str(item).strip()
        if text:
            names.append(text)
    return ", ".join(names)


_NAME_RANKS = {key: rank for rank, key in enumerate(NAME_KEYS)}


@functools.lru_cache(maxsize=1024)
def _name_keys(keys: tuple[object, ...]) -> tuple[object, ...]:
    """An object's name keys in NAME_KEYS' order (an export's objects share a few shapes)."""
    ranked = [
        (_NAME_RANKS[k.casefold()], k)
        for k in keys
        if isinstance(k, str) and k.casefold() in _NAME_RANKS
    ]
    return tuple(k for _, k in sorted(ranked, key=lambda pair: pair[0]))


def _name_in(item: dict[Any, Any]) -> object:
    """The value of the object's first name key (NAME_KEYS) that is filled; None without one."""
    for key in _name_keys(tuple(item)):
        value = item[key]
        if value is not None and value != "":
            return value
    return None


def _plain_text(value: object) -> object:
    """HTML from a study guide as plain text: `<p>Leer H3</p><p>blz 12</p>` -> `Leer H3 blz 12`."""
    if not isinstance(value, str) or "<" not in value:
        return value
    text = _TAG.sub("", _BLOCK_END.sub(" ", value))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _days_from_date_times(frame: pd.DataFrame) -> pd.DataFrame:
    """The day and the clock time of `start` (and `end`): ISO with an offset or `Z`, Unix
    seconds, or a local `10-03-2026 08:30`. Times in another zone are moved to Amsterdam, so a
    test at 23:30 UTC on 9 March is on 10 March. Midnight is a day without a time."""
    frame = frame.assign(date="")
    for col in ("start", "end"):
        if col not in frame:
            continue
        # Each distinct date-time once: an export repeats its lesson slots thousands of times.
        codes, uniques = pd.factorize(frame[col].fillna("").astype("str").str.strip())
        text = pd.Series(uniques, dtype="str")
        local = _to_local(text)
        known = local.notna()
        parts = text[~known].str.extract(_CLOCK)
        written = (parts[0].str.zfill(2) + ":" + parts[1]).reindex(text.index).fillna("")
        clock = local.dt.strftime("%H:%M").where(known, written).fillna("")
        if col == "start":
            # A local date-time keeps its text for the date parser; zoned ones become ISO days.
            day = local.dt.strftime("%Y-%m-%d").where(known, text)
            frame["date"] = day.to_numpy()[codes]
        frame[col] = clock.where(clock != "00:00", "").to_numpy()[codes]
    return frame


def _to_local(text: pd.Series) -> pd.Series:
    """Zoned date-times and Unix seconds in Amsterdam time (without zone); NaT for the rest."""
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    unix = text.str.fullmatch(_UNIX.pattern)
    if unix.any():
        stamps = pd.to_datetime(pd.to_numeric(text[unix]), unit="s", utc=True)
        out[unix] = stamps.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    zoned = ~unix & text.str.contains(r"T\d{1,2}:\d{2}.*(?:Z|[+-]\d{2}:?\d{2})$", regex=True)
    if zoned.any():
        stamps = pd.to_datetime(text[zoned], utc=True, errors="coerce", format="ISO8601")
        out[zoned] = stamps.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    return out
