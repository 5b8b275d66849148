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

Their column names are in planner.model.ALIASES; this module translates their codes into kind
words, takes the day (in Europe/Amsterdam) and the clock time from date-times, leaves out
lessons, notes and cancelled appointments (counted in one problem, not one per row), and
flattens list cells (`['4a', '4b']`) and HTML (`<p>Leer H3</p>`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import pandas as pd

from planner.i18n import problem
from planner.importers.unique import by_unique
from planner.model import ImportProblem

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
_TRUE = {"1", "true", "ja", "yes", "waar", "x"}
_LIST = re.compile(r"^\s*\[(.*)\]\s*$", re.S)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|li|h\d)>|<br\s*/?>", re.I)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
_UNIX = re.compile(r"^\d{9,11}(\.\d+)?$")


def system_of(labels: Sequence[str]) -> str | None:
    """magister, somtoday or zermelo, told by the export's own column names."""
    names = {str(label).strip().casefold() for label in labels}
    if "infotype" in names:
        return "magister"
    if names & {"huiswerktype", "studiewijzeritem.huiswerktype"}:
        return "somtoday"
    if {"subjects", "groups"} <= names or ({"start", "type", "cancelled"} <= names):
        return "zermelo"
    return None


def prepare(
    frame: pd.DataFrame, labels: Sequence[str], source: str, lang: str
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """A canonical-named frame (with `row`) from a system export made ready for finalize."""
    system = system_of(labels)
    problems: list[ImportProblem] = []
    frame = frame.copy()
    for col in ("group", "subject", "teacher", "notes"):
        if col in frame:
            text = frame[col].fillna("").astype("str")
            frame[col] = by_unique(text, _plain_notes if col == "notes" else _flat_lists)
    if "start" in frame and _empty(frame, "date"):
        frame = _days_from_date_times(frame)
    cancelled = pd.Series(False, index=frame.index)
    for col in CANCELLED_COLUMNS:
        if col in frame:
            cancelled |= frame[col].fillna("").astype("str").str.strip().str.casefold().isin(_TRUE)
    if cancelled.any():
        problems.append(_skipped(source, int(cancelled.sum()), "export_cancelled", lang))
        frame = frame[~cancelled]
    if system is None or "kind" not in frame:
        return frame, problems
    codes = {"magister": MAGISTER_INFOTYPE, "somtoday": SOMTODAY_HUISWERKTYPE}
    table = codes.get(system, ZERMELO_TYPE)
    raw = frame["kind"].fillna("").astype("str").str.strip()
    key = raw.str.casefold().str.replace(r"\.0$", "", regex=True)
    words = key.map(table)
    not_assessment = words.eq("") | raw.eq("")
    if not_assessment.any():
        problems.append(_skipped(source, int(not_assessment.sum()), "export_no_assessment", lang))
    frame = frame[~not_assessment].copy()
    frame["kind"] = words[~not_assessment].fillna(raw[~not_assessment])
    return frame, problems


def _skipped(source: str, count: int, key: str, lang: str) -> ImportProblem:
    return ImportProblem(source, None, None, None, problem(key, lang, count=count))


def _empty(frame: pd.DataFrame, col: str) -> bool:
    return col not in frame or bool((frame[col].fillna("").astype("str").str.strip() == "").all())


def _flat_lists(values: pd.Series) -> pd.Series:
    return values.map(_flatten_list).astype("str")


def _plain_notes(values: pd.Series) -> pd.Series:
    return values.map(_plain_text).astype("str")


def _flatten_list(value: object) -> object:
    """`['4a', '4b']` (a list written out by an export) -> `4a, 4b`."""
    if not isinstance(value, str):
        return value
    match = _LIST.match(value)
    if not match:
        return value
    items = [item.strip().strip("'\"").strip() for item in match.group(1).split(",")]
    return ", ".join(item for item in items if item)


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
        text = frame[col].fillna("").astype("str").str.strip()
        local = _to_local(text)
        known = local.notna()
        parts = text.str.extract(_CLOCK)
        written = (parts[0].str.zfill(2) + ":" + parts[1]).fillna("")
        clock = local.dt.strftime("%H:%M").where(known, written).fillna("")
        if col == "start":
            # A local date-time keeps its text for the date parser; zoned ones become ISO days.
            frame["date"] = local.dt.strftime("%Y-%m-%d").where(known, text)
        frame[col] = clock.where(clock != "00:00", "")
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
