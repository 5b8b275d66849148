"""iCalendar plans (.ics): one assessment per event occurrence, classified from the event's text.

Recurring events are expanded (RRULE, RDATE, EXDATE and moved occurrences) between the config's
start and end, or else from the first event to a year after the last one starts; a single event
is kept whatever its date. Cancelled events and occurrences are dropped. Each occurrence becomes
a row through the same `finalize` as a CSV row, and keeps its event's number in the file
(1-based, counting VEVENTs) as its `row`.

How an event is read, first match wins:

- kind: a CATEGORIES value that is a kind alias (`PW`, `SO`, ...); a `Soort:` line in
  DESCRIPTION; an alias as a whole word in SUMMARY (`wiskunde proefwerk H3`).
- group: a `Klas:`/`Groep:` line in DESCRIPTION; Dutch group names (`2A`, `4H1`, `4h.wisB`) in
  SUMMARY, LOCATION or DESCRIPTION; the calendar's name (X-WR-CALNAME `Toetsen 2A`).
- subject: a `Vak:`/`Subject:` line in DESCRIPTION; the leading words of SUMMARY, up to the kind
  word, a separator (`:`, ` - `, `(`) or a word with a digit (`wiskunde B PW: H3` -> wiskunde B).
- title: the SUMMARY after its first separator, else the whole SUMMARY.
- other `Key: value` lines in DESCRIPTION with a column name (Docent, Lesuur, Minuten,
  Aangekondigd, ...) fill that column; the remaining lines become notes.

An event without a kind, group or subject is reported as an ImportProblem, never guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import recurring_ical_events

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg, problem
from planner.importers.common import finalize
from planner.model import ImportProblem, canonical_column, empty_table

TIMEZONE = ZoneInfo("Europe/Amsterdam")
# Without a school year in the config: expand recurring events this far past the last start.
_WIDE_WINDOW = dt.timedelta(days=366)

# A Dutch group name: year 1-6, letters, an optional number, an optional cluster part
# (`2A`, `4H1`, `3vwo`, `4h.wisB`, `5v.n&t2`), standing alone as a word.
_GROUP = re.compile(r"(?<![\w.&])([1-6][A-Za-z]{1,4}\d{0,2}(?:\.[A-Za-z][\w&-]*)?)(?![\w.&])")
# Words that look like a group but are ordinals or units: `1e uur`, `3x`, `2u`.
_NOT_GROUPS = {"e", "de", "ste", "st", "nd", "rd", "th", "x", "u", "uur", "min", "km", "kg", "cm"}
# Where the subject part of a SUMMARY ends and the title begins.
_SEPARATOR = re.compile(r"\s*(?::|\s[-–—]\s|\(|\||;|,)\s*")
_KEY_LINE = re.compile(r"^\s*([^:\n]{1,30}?)\s*:\s*(.*?)\s*$")
# Columns an event's DESCRIPTION may fill with a `Key: value` line (dates and times come from
# the event itself).
_DESCRIPTION_COLUMNS = (
    "group",
    "subject",
    "kind",
    "title",
    "teacher",
    "notes",
    "period",
    "weight",
    "minutes",
    "announced",
    "locked",
)
_CELL_COLUMNS = ("id", "date", "start", "end", *_DESCRIPTION_COLUMNS)


@dataclasses.dataclass(frozen=True, slots=True)
class _Event:
    """One VEVENT of the file and its number (1-based, in the order of the file)."""

    number: int
    component: Any  # icalendar.Event

    @property
    def series(self) -> bool:
        """A recurring event or a moved occurrence of one: its occurrences share a UID."""
        return any(key in self.component for key in ("RRULE", "RDATE", "RECURRENCE-ID"))


def read_ical_plan(
    path: str | Path, config: SchoolConfig
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """Every occurrence of every event as an assessment; unclassifiable events are problems."""
    path = Path(path)
    source = path.name
    calendar = _read_calendar(path)
    calendar_name = str(calendar.get("X-WR-CALNAME", "") or "")
    classifier = _Classifier(config, calendar_name)
    problems: dict[tuple[int, str], ImportProblem] = {}
    events = []
    for number, component in enumerate(calendar.walk("VEVENT"), start=1):
        bad_start = _check_start(component, source, number, config.language)
        if bad_start is not None:
            problems[(number, "date")] = bad_start
            continue
        events.append(_Event(number, component))
    records: list[dict[str, str]] = []
    rows: list[int] = []
    window = _window(config, events)
    lang = config.language
    for event, occurrence in _occurrences(calendar, events, window, source, problems, lang):
        if str(occurrence.get("STATUS", "")).strip().upper() == "CANCELLED":
            continue
        number = event.number
        record, missing = classifier.classify(occurrence, series=event.series)
        if missing is not None:
            summary = _text(occurrence.get("SUMMARY"))
            message = problem(_MISSING[missing], config.language)
            problems.setdefault(
                (number, missing), ImportProblem(source, number, missing, summary, message)
            )
            continue
        records.append(record)
        rows.append(number)
    found = list(problems.values())
    if not records:
        return empty_table(), sorted(found, key=lambda p: (p.row or 0, p.column or ""))
    cells = pd.DataFrame(records, columns=list(_CELL_COLUMNS), dtype="str")
    cells["id"] = _unique_ids(cells["id"])
    table, bad_cells = finalize(cells, source, config, rows=rows)
    found += bad_cells
    found.sort(key=lambda p: (p.row or 0, p.column or ""))
    return table, found


_MISSING = {"kind": "event_no_kind", "group": "event_no_group", "subject": "event_no_subject"}


def _read_calendar(path: Path) -> Any:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(Msg("file_not_found"), source=path.name) from None
    except OSError as exc:
        raise InvalidInput(Msg("unreadable", reason=exc.strerror), source=path.name) from None
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise InvalidInput(Msg("bad_ical", reason=str(exc)), source=path.name) from None
    if calendar.name != "VCALENDAR":
        raise InvalidInput(Msg("no_vcalendar"), source=path.name)
    return calendar


def _check_start(component: Any, source: str, number: int, lang: str) -> ImportProblem | None:
    """A problem when the event has no usable start (DTSTART), else None."""
    summary = _text(component.get("SUMMARY"))
    if "DTSTART" not in component:
        return ImportProblem(source, number, "date", summary, problem("event_no_start", lang))
    try:
        _start_of(component)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        message = problem("event_bad_start", lang, reason=exc)
        return ImportProblem(source, number, "date", summary, message)
    return None


def _start_of(component: Any) -> dt.date | dt.datetime:
    value = component.get("DTSTART").dt
    if not isinstance(value, dt.date):
        raise ValueError(f"not a date: {value!r}")
    return value


def _window(config: SchoolConfig, events: list[_Event]) -> tuple[dt.date, dt.date]:
    """The days to expand recurring events over (end exclusive)."""
    if config.start is not None and config.end is not None:
        return config.start, config.end + dt.timedelta(days=1)
    starts = [_local_date(_start_of(e.component)) for e in events]
    if not starts:
        return dt.date(2000, 1, 1), dt.date(2000, 1, 2)
    return min(starts), max(starts) + _WIDE_WINDOW


def _occurrences(
    calendar: Any,
    events: list[_Event],
    window: tuple[dt.date, dt.date],
    source: str,
    problems: dict[tuple[int, str], ImportProblem],
    lang: str,
) -> Iterator[tuple[_Event, Any]]:
    """Every occurrence with its event, in the order of the file and then of time.

    The events of one UID (a series and its moved occurrences) are expanded together; an
    event whose recurrence cannot be expanded becomes a problem without stopping the others.
    """
    timezones = list(calendar.walk("VTIMEZONE"))
    series: dict[str, list[_Event]] = {}
    for event in events:
        uid = _text(event.component.get("UID")) or f"\x00{event.number}"
        series.setdefault(uid, []).append(event)
    by_number = {event.number: event for event in events}
    found: list[tuple[int, str, Any]] = []
    for members in series.values():
        if not any(event.series for event in members):
            # A single event is kept whatever its date: the rules report one outside the year.
            for event in members:
                start = _start_of(event.component)
                found.append((event.number, _sort_key(start), event.component))
            continue
        part = icalendar.Calendar()
        for timezone in timezones:
            part.add_component(timezone)
        for event in members:
            # Occurrences are copies of their event: a private property tells which one.
            event.component["X-TOETSPLANNER-EVENT"] = str(event.number)
            part.add_component(event.component)
        try:
            occurrences = list(recurring_ical_events.of(part).between(*window))
        except Exception as exc:  # the library raises many kinds for bad RRULEs and dates
            for event in members:
                summary = _text(event.component.get("SUMMARY"))
                message = problem("event_bad_repeat", lang, reason=exc)
                problems[(event.number, "date")] = ImportProblem(
                    source, event.number, "date", summary, message
                )
            continue
        for occurrence in occurrences:
            number = int(str(occurrence.get("X-TOETSPLANNER-EVENT")))
            found.append((number, _sort_key(_start_of(occurrence)), occurrence))
    found.sort(key=lambda f: (f[0], f[1]))
    for number, _, occurrence in found:
        yield by_number[number], occurrence


def _sort_key(start: dt.date | dt.datetime) -> str:
    return f"{_local_date(start)} {_local_time(start)}"


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    """The school day of a start: a time with a zone counts in Amsterdam, a floating one as is."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(TIMEZONE)
        return value.date()
    return value


def _local_time(value: dt.date | dt.datetime | None) -> str:
    if not isinstance(value, dt.datetime):
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(TIMEZONE)
    return f"{value:%H:%M}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value).strip()


def _categories(component: Any) -> list[str]:
    value = component.get("CATEGORIES")
    if value is None:
        return []
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        cats = getattr(item, "cats", None)
        out += [str(c) for c in cats] if cats is not None else str(item).split(",")
    return [c.strip() for c in out if c.strip()]


def _unique_ids(ids: pd.Series) -> pd.Series:
    """Ids from UIDs, blanked where a broken export repeats one (they are derived instead)."""
    repeated = ids.duplicated(keep=False) & (ids != "")
    return ids.where(~repeated, "")


class _Classifier:
    """Turns an event occurrence into raw cells, or names what is missing to classify it."""

    def __init__(self, config: SchoolConfig, calendar_name: str) -> None:
        self.lookup = config.kind_lookup()
        aliases = sorted(self.lookup, key=len, reverse=True)
        alternatives = "|".join(re.escape(a) for a in aliases if a)
        self.kind_word = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        self.calendar_groups = _groups_in(calendar_name)

    def classify(self, event: Any, *, series: bool) -> tuple[dict[str, str], str | None]:
        """The raw cells of one occurrence, or the column that cannot be filled."""
        summary = _text(event.get("SUMMARY"))
        description = _text(event.get("DESCRIPTION"))
        keyed, other_lines = _key_lines(description)
        kind = self.kind_of(event, keyed, summary)
        if kind is None:
            return {}, "kind"
        groups = self.groups_of(event, keyed, summary, description)
        if not groups:
            return {}, "group"
        subject, title = self.subject_and_title(_remove_groups(summary, groups))
        subject = keyed.get("subject") or subject
        if not subject:
            return {}, "subject"
        start = event.get("DTSTART").dt
        end = event.get("DTEND").dt if "DTEND" in event else None
        if end is not None and _sort_key(end) <= _sort_key(start):
            end = None  # no duration given: only the start is known
        notes = [keyed["notes"]] if keyed.get("notes") else []
        return {
            **{column: keyed.get(column, "") for column in _DESCRIPTION_COLUMNS},
            "id": _id_of(event, series),
            "date": _local_date(start).isoformat(),
            "start": _local_time(start),
            "end": _local_time(end),
            "group": ", ".join(groups),
            "subject": subject,
            "kind": kind,
            "title": keyed.get("title") or title or summary,
            "notes": "; ".join(notes + other_lines),
        }, None

    def kind_of(self, event: Any, keyed: dict[str, str], summary: str) -> str | None:
        for category in _categories(event):
            if category.casefold() in self.lookup:
                return self.lookup[category.casefold()]
        if keyed.get("kind", "").casefold() in self.lookup:
            return self.lookup[keyed["kind"].casefold()]
        match = self.kind_word.search(summary)
        return self.lookup[match.group(0).casefold()] if match else None

    def groups_of(
        self, event: Any, keyed: dict[str, str], summary: str, description: str
    ) -> list[str]:
        if keyed.get("group"):
            return [g for g in re.split(r"\s*[,;/]\s*", keyed["group"]) if g]
        for text in (summary, _text(event.get("LOCATION")), description):
            groups = _groups_in(text)
            if groups:
                return groups
        return self.calendar_groups

    def subject_and_title(self, summary: str) -> tuple[str, str]:
        """The leading words of SUMMARY, and what follows its first separator."""
        parts = _SEPARATOR.split(summary, maxsplit=1)
        head, tail = parts[0], parts[1] if len(parts) > 1 else ""
        subject = self.leading_words(head)
        if not subject and tail and self.kind_word.fullmatch(head.strip()):
            # `PW: wiskunde H3`: the kind comes first, the subject after the separator.
            parts = _SEPARATOR.split(tail, maxsplit=1)
            subject = self.leading_words(parts[0])
        return subject, tail

    def leading_words(self, text: str) -> str:
        match = self.kind_word.search(text)
        if match is not None:
            text = text[: match.start()] if match.start() > 0 else text[match.end() :]
            again = self.kind_word.search(text)
            if again is not None:
                text = text[: again.start()]
        words = []
        for word in text.split():
            if any(ch.isdigit() for ch in word):
                break
            words.append(word)
        return " ".join(words).strip(" -–—:;,.")


def _id_of(event: Any, series: bool) -> str:
    """The event's UID; for one occurrence of a series, with the date it was planned on."""
    uid = _text(event.get("UID"))
    if not uid or not series:
        return uid
    original = event.get("RECURRENCE-ID") or event.get("DTSTART")
    return f"{uid}/{_local_date(original.dt).isoformat()}"


def _key_lines(description: str) -> tuple[dict[str, str], list[str]]:
    """`Vak: wiskunde`-style lines mapped to columns, and the other lines (the notes)."""
    keyed: dict[str, str] = {}
    notes: list[str] = []
    for line in description.splitlines():
        if not line.strip():
            continue
        match = _KEY_LINE.match(line)
        column = canonical_column(match.group(1)) if match else ""
        if match and column in _DESCRIPTION_COLUMNS and column not in keyed:
            keyed[column] = match.group(2)
        else:
            notes.append(line.strip())
    return keyed, notes


def _groups_in(text: str) -> list[str]:
    groups: list[str] = []
    for match in _GROUP.finditer(text):
        token = match.group(1)
        if token[1:].casefold() in _NOT_GROUPS or token in groups:
            continue
        groups.append(token)
    return groups


def _remove_groups(summary: str, groups: Iterable[str]) -> str:
    for group in groups:
        summary = re.sub(rf"(?<![\w.&]){re.escape(group)}(?![\w.&])", " ", summary)
    summary = re.sub(r"\s+", " ", summary).strip()
    return summary.lstrip(" -–—:;,.|")
