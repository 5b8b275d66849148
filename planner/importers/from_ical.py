"""iCalendar plans (.ics): one assessment per event occurrence, classified from the event's text.

Reading. The file's bytes are unfolded (CRLF or LF plus a space or tab) and decoded as UTF-8,
with a UTF-8 or UTF-16 byte order mark respected; a line that is not UTF-8 (an Outlook export in
Windows-1252) is decoded as Windows-1252 without losing a character. A file with no
`BEGIN:VCALENDAR`, or with binary data, cannot be used at all (InvalidInput).

Events are read by a small content-line reader of our own: icalendar parses every property of
every event and took three quarters of the time of a large file. Only events that repeat or
move (RRULE, RDATE, RECURRENCE-ID) go through icalendar and recurring-ical-events, one series
(UID) at a time, expanded over the config's start..end (else from the first event to a year
after the last one starts). A single event is kept whatever its date; a cancelled event or
occurrence (STATUS:CANCELLED) is dropped. Each occurrence becomes a row through the same
`finalize` as a CSV row, and keeps its event's number in the file (1-based, counting VEVENTs)
as its `row`. An event whose start (DTSTART) or recurrence cannot be read is an ImportProblem
(column `date`) while the other events load, and so is a series with more than 1000
occurrences in the window (a runaway RRULE such as FREQ=MINUTELY); more rows in all than
`[import] max_rows` make the file unusable (InvalidInput).

Times. A time with a zone (TZID, or UTC) counts in the calendar's zone: Google's X-WR-TIMEZONE,
else Europe/Amsterdam, so an event at 23:30 UTC on 9 March is on 10 March. A TZID may be an
IANA name, a Windows name (`W. Europe Standard Time`), an Outlook display name (`(UTC+01:00)
Amsterdam, Berlin, ...`), a VTIMEZONE of the file, or a vendor path (`/mozilla.org/.../Europe/
Amsterdam`); a zone that cannot be found, and a time without a zone, are read as written.
Recurring events in a calendar with X-WR-TIMEZONE repeat at the same local time, as in Google.

Classification, first match wins (the `[import.ical]` settings of school.toml adapt it):

- kind: a CATEGORIES value that is a kind alias (`PW`, `SO`, ...) or one of `kind_words`; a
  `Soort:` line in DESCRIPTION; such a word as a whole word in SUMMARY (`wiskunde proefwerk`).
- group: a `Klas:`/`Groep:` line in DESCRIPTION; group names in SUMMARY (its part before the
  first `:`, ` - `, `(` or `|`, else the rest), LOCATION or DESCRIPTION; the calendar's name
  (X-WR-CALNAME `Toetsen 2A`) unless `group_from_calendar_name = false`. A group name is Dutch
  (`2A`, `1E`, `4H1`, `4havo`, `4h.wisB`, `5v.n&t2`), or what `group_pattern` matches.
- subject: a `Vak:`/`Subject:` line in DESCRIPTION; the first group of `subject_pattern` on
  SUMMARY; else the leading words of SUMMARY without its groups, up to the kind word, a
  separator (`:`, ` - `, `(`, ...) or a word with a digit (`wiskunde B PW: H3` -> wiskunde B).
- title: the SUMMARY (without its groups) after its first separator, else the whole SUMMARY.
- other `Key: value` lines in DESCRIPTION with a column name (Docent, Lesuur, Minuten,
  Aangekondigd, ... or a name from `[import] columns`) fill that column; other lines are notes.

An event without a kind, group or subject is reported as an ImportProblem, never guessed.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import icalendar
import pandas as pd
import recurring_ical_events
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg, problem
from planner.importers.common import finalize, read_bytes
from planner.model import ImportProblem, canonical_column, empty_table

TIMEZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Without a school year in the config: expand recurring events this far past the last start.
_WIDE_WINDOW = dt.timedelta(days=366)

# A Dutch group name: year 1-6, letters, an optional number, an optional cluster part
# (`2A`, `1E`, `4H1`, `4havo`, `4h.wisB`, `5v.n&t2`), standing alone as a word.
_GROUP = re.compile(r"(?<![\w.&§#])([1-6][A-Za-z]{1,5}\d{0,2}(?:\.[A-Za-z][\w&-]*)?)(?![\w.&])")
# Written in lower case after a digit these are ordinals or units (`1e uur`, `3x`, `2u`), not
# groups; `1E` is a class.
_NOT_GROUPS = {"e", "de", "ste", "st", "nd", "rd", "th", "x", "u", "uur", "min", "km", "kg", "cm"}
# Where the subject part of a SUMMARY ends and the title begins.
_SEPARATOR = re.compile(r"\s*(?::|\s[-–—]\s|\(|\||;|,)\s*")
# Where the part of a SUMMARY that names its groups ends (`2A, 2B wiskunde PW: H3`).
_GROUP_PART_END = re.compile(r":|\s[-–—]\s|\(|\|")
_KEY_LINE = re.compile(r"^\s*([^:\n]{1,30}?)\s*:\s*(.*?)\s*$")
_LIST_SPLIT = re.compile(r"\s*[,;/]\s*")
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

# Properties that make an event part of a series, expanded by recurring-ical-events.
_SERIES_PROPERTIES = ("RRULE", "RDATE", "RECURRENCE-ID")
_RECURRENCE_PROPERTIES = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "EXRULE")
_DATE_VALUE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATETIME_VALUE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z?)", re.IGNORECASE)
_DURATION = re.compile(
    r"([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", re.IGNORECASE
)
_PARAM = re.compile(r';\s*([A-Za-z0-9-]+)\s*=\s*("[^"]*"|[^;]*)')
_ESCAPE = re.compile(r"\\(.)")
_DISPLAY_NAME = re.compile(r"^\(\s*(?:UTC|GMT)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)\s*(.*)$")
# Windows-1252 for the bytes 0x80-0x9F (the five it leaves undefined stay as Latin-1 does).
_CP1252 = {
    i: bytes([i]).decode("cp1252")
    for i in range(0x80, 0xA0)
    if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
# More occurrences than this in the window: a runaway RRULE (FREQ=MINUTELY), not a test plan.
_MAX_OCCURRENCES = 1000
_PRIVATE = "X-TOETSPLANNER-EVENT"  # tells which event of the file an occurrence comes from


def read_ical_plan(
    path: str | Path, config: SchoolConfig
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """Every occurrence of every event as an assessment; unreadable or unclassifiable events
    are problems."""
    path = Path(path)
    source = path.name
    lang = config.language
    calendar = _parse(_decode(read_bytes(path, config.imports), source), source)
    zones = _Zones(calendar.timezones)
    zone = zones.resolve(calendar.timezone) if calendar.timezone else None
    reader = _Reader(source, lang, zones, zone or TIMEZONE, zone is not None, calendar.lines)
    classifier = _Classifier(config, calendar.name)
    window = _window(config, reader, calendar.events)
    limit = config.imports.max_rows

    occurrences = reader.occurrences(calendar.events, window, limit)
    rows: list[tuple[Any, ...]] = []
    numbers: list[int] = []
    problems = reader.problems
    for occurrence in occurrences:
        number = occurrence.number
        classified = classifier.classify(occurrence)
        if isinstance(classified, str):  # the column it cannot fill
            if (number, classified) not in problems:
                message = classifier.missing_message(classified, lang)
                problems[(number, classified)] = ImportProblem(
                    source, number, classified, occurrence.summary, message
                )
            continue
        day, start, end = occurrence.day, occurrence.start, occurrence.end
        rows.append((occurrence.id, day.isoformat(), start, end, *classified))
        numbers.append(number)
    found = list(problems.values())
    if not rows:
        found.sort(key=lambda p: (p.row or 0, p.column or ""))
        return empty_table(), found
    columns = zip(_CELL_COLUMNS, zip(*rows, strict=True), strict=True)
    cells = pd.DataFrame({name: pd.Series(values, dtype="str") for name, values in columns})
    cells["id"] = _unique_ids(cells["id"])
    # The cells already have our column names: a school's `[import] columns` must not rename
    # them again.
    plain = dataclasses.replace(config, imports=dataclasses.replace(config.imports, columns={}))
    table, bad_cells = finalize(cells, source, plain, rows=numbers)
    found += bad_cells
    found.sort(key=lambda p: (p.row or 0, p.column or ""))
    return table, found


# --- bytes -> text -> events ------------------------------------------------------------------


def _decode(data: bytes, source: str) -> str:
    """Unfolded text: a BOM decides the encoding, else UTF-8, else Windows-1252 per line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        return re.sub(r"\r?\n[ \t]", "", text)
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise InvalidInput(Msg("ical_binary"), source=source)
    # Unfold before decoding: a writer may fold a line inside a multi-byte character.
    data = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    data = data.replace(b"\n ", b"").replace(b"\n\t", b"")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("latin-1").translate(_CP1252))
    return "\n".join(lines)


@dataclasses.dataclass(slots=True)
class _RawEvent:
    """One VEVENT as written: its number (1-based, in the order of the file), its own
    properties (the first of each name, unescaped later), and where its lines are."""

    number: int
    first: int  # index of BEGIN:VEVENT in the calendar's lines
    last: int = -1  # index of END:VEVENT
    props: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # params, value
    categories: list[str] = dataclasses.field(default_factory=list)

    @property
    def series(self) -> bool:
        return any(name in self.props for name in _SERIES_PROPERTIES)

    def text(self, name: str) -> str:
        found = self.props.get(name)
        return _unescape(found[1]).strip() if found else ""


@dataclasses.dataclass(slots=True)
class _Calendar:
    lines: list[str]
    events: list[_RawEvent]
    timezones: dict[str, list[str]]  # TZID -> the VTIMEZONE's lines
    name: str = ""  # X-WR-CALNAME
    timezone: str = ""  # X-WR-TIMEZONE


def _parse(text: str, source: str) -> _Calendar:
    """The events, time zones and calendar properties of an unfolded iCalendar text."""
    if not text.strip():
        raise InvalidInput(Msg("empty_file"), source=source)
    lines = text.splitlines()
    calendar = _Calendar(lines, [], {})
    stack: list[str] = []
    event: _RawEvent | None = None
    zone_start = -1
    zone_id = ""
    seen_calendar = False
    for index, line in enumerate(lines):
        parts = _split_line(line)
        if parts is None:
            continue
        name, params, value = parts
        if name == "BEGIN":
            kind = value.strip().upper()
            if kind == "VCALENDAR":
                seen_calendar = True
            elif kind == "VEVENT" and seen_calendar and event is None:
                event = _RawEvent(len(calendar.events) + 1, index)
                calendar.events.append(event)
            elif kind == "VTIMEZONE":
                zone_start, zone_id = index, ""
            stack.append(kind)
        elif name == "END":
            kind = value.strip().upper()
            if kind in stack:
                while stack and stack.pop() != kind:
                    pass
            if kind == "VEVENT" and event is not None:
                event.last = index
                event = None
            elif kind == "VTIMEZONE" and zone_start >= 0:
                if zone_id:
                    calendar.timezones.setdefault(zone_id, lines[zone_start : index + 1])
                zone_start = -1
        elif not stack:
            continue
        elif event is not None and stack[-1] == "VEVENT":
            if name == "CATEGORIES":
                event.categories += _split_list(value)
            elif name not in event.props:
                event.props[name] = (params, value)
        elif stack[-1] == "VTIMEZONE" and name == "TZID":
            zone_id = value.strip()
        elif stack[-1] == "VCALENDAR":
            if name == "X-WR-CALNAME" and not calendar.name:
                calendar.name = _unescape(value).strip()
            elif name == "X-WR-TIMEZONE" and not calendar.timezone:
                calendar.timezone = _unescape(value).strip()
    if not seen_calendar:
        raise InvalidInput(Msg("ical_no_calendar"), source=source)
    if event is not None:  # a file cut off inside its last event
        event.last = len(lines)
    return calendar


def _split_line(line: str) -> tuple[str, str, str] | None:
    """A content line as (NAME, ;params, value); None for a line that is none."""
    colon = line.find(":")
    if colon <= 0:
        return None
    semi = line.find(";", 0, colon)
    if semi < 0:
        return line[:colon].strip().upper(), "", line[colon + 1 :]
    if '"' in line[semi:colon]:
        # A quoted parameter value may hold a colon: TZID="(UTC+01:00) Amsterdam, ...".
        quoted = False
        colon = -1
        for i in range(semi, len(line)):
            char = line[i]
            if char == '"':
                quoted = not quoted
            elif char == ":" and not quoted:
                colon = i
                break
        if colon < 0:
            return None
    return line[:semi].strip().upper(), line[semi:colon], line[colon + 1 :]


def _param(params: str, wanted: str) -> str:
    """One parameter's value (unquoted) from `;NAME=value;...`, or ''."""
    if not params:
        return ""
    for match in _PARAM.finditer(params):
        if match.group(1).upper() == wanted:
            return match.group(2).strip().strip('"').strip()
    return ""


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split_list(value: str) -> list[str]:
    """A comma-separated value (CATEGORIES), escaped commas kept."""
    items = re.split(r"(?<!\\),", value) if "\\" in value else value.split(",")
    return [text for item in items if (text := _unescape(item).strip())]


# --- time zones and times ---------------------------------------------------------------------


@functools.cache
def _zone_by_city() -> dict[str, str]:
    """`amsterdam` -> `Europe/Amsterdam`, for Outlook's display names of Windows zones."""
    cities: dict[str, str] = {}
    for key in sorted(zoneinfo.available_timezones()):
        if "/" in key and not key.startswith(("Etc/", "SystemV/", "US/")):
            cities.setdefault(key.rsplit("/", 1)[1].replace("_", " ").casefold(), key)
    return cities


def _zoneinfo(key: str) -> zoneinfo.ZoneInfo | None:
    if not key or key.startswith(("/", ".")) or ".." in key:
        return None
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


class _Zones:
    """TZID -> tzinfo, for the zones of one file (looked up once each)."""

    def __init__(self, definitions: dict[str, list[str]]) -> None:
        self.definitions = definitions
        self.cache: dict[str, dt.tzinfo | None] = {}

    def resolve(self, tzid: str) -> dt.tzinfo | None:
        if tzid not in self.cache:
            self.cache[tzid] = self._find(tzid)
        return self.cache[tzid]

    def _find(self, tzid: str) -> dt.tzinfo | None:
        cleaned = tzid.strip().strip('"').strip().strip("/")
        zone = _zoneinfo(cleaned) or _zoneinfo(WINDOWS_TO_OLSON.get(cleaned, ""))
        if zone is not None:
            return zone
        display = _DISPLAY_NAME.match(cleaned)
        if display:  # Outlook: "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"
            for city in display.group(1).split(","):
                key = _zone_by_city().get(city.strip().casefold())
                if key is not None:
                    return zoneinfo.ZoneInfo(key)
        lines = self.definitions.get(tzid.strip())
        if lines is not None:
            try:
                component: Any = icalendar.Timezone.from_ical("\r\n".join(lines))
                built: dt.tzinfo = component.to_tz(lookup_tzid=False)
                return built
            except Exception:  # a broken VTIMEZONE: its times are read as written
                pass
        if "/" in cleaned:  # a vendor path: /freeassociation.sourceforge.net/Europe/Amsterdam
            parts = cleaned.split("/")
            for start in range(1, len(parts)):
                zone = _zoneinfo("/".join(parts[start:]))
                if zone is not None:
                    return zone
        return None


class _BadValue(ValueError):
    """A date or date-time that cannot be read; its text is the value as written."""


class _Times:
    """Reads DTSTART-like values (cached: a plan repeats its dates) and puts them in the
    calendar's zone."""

    def __init__(self, zones: _Zones, zone: dt.tzinfo) -> None:
        self.zones = zones
        self.zone = zone
        self.cache: dict[tuple[str, str], dt.date | _BadValue] = {}

    def read(self, params: str, value: str) -> dt.date:
        key = (params, value)
        found = self.cache.get(key)
        if found is None:
            try:
                found = self._read(params, value.strip())
                self.local(found)  # 9999-12-31 23:59 UTC has no date in Amsterdam
            except (ValueError, OverflowError):
                found = _BadValue(value.strip())
            self.cache[key] = found
        if isinstance(found, _BadValue):
            raise found
        return found

    def _read(self, params: str, value: str) -> dt.date:
        match = _DATE_VALUE.fullmatch(value)
        if match:
            return dt.date(*(int(part) for part in match.groups()))
        match = _DATETIME_VALUE.fullmatch(value)
        if not match:
            raise ValueError(value)
        year, month, day, hour, minute, second, utc = match.groups()
        moment = dt.datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
        )
        if utc:
            return moment.replace(tzinfo=dt.UTC)
        tzid = _param(params, "TZID")
        zone = self.zones.resolve(tzid) if tzid else None
        return moment.replace(tzinfo=zone) if zone is not None else moment

    def local(self, value: dt.date) -> tuple[dt.date, str]:
        """The school day and clock time (`HH:MM`, '' for a whole day) of a start or end."""
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(self.zone)
            return value.date(), f"{value:%H:%M}"
        return value, ""


def _duration(value: str) -> dt.timedelta | None:
    match = _DURATION.fullmatch(value.strip())
    if not match or not any(match.groups()[1:]):
        return None
    sign, weeks, days, hours, minutes, seconds = match.groups()
    delta = dt.timedelta(
        weeks=int(weeks or 0),
        days=int(days or 0),
        hours=int(hours or 0),
        minutes=int(minutes or 0),
        seconds=int(seconds or 0),
    )
    return -delta if sign == "-" else delta


# --- occurrences ------------------------------------------------------------------------------


@dataclasses.dataclass(slots=True)
class _Occurrence:
    """What classification and the table need of one occurrence of an event."""

    number: int
    id: str
    day: dt.date
    start: str  # HH:MM or ''
    end: str
    summary: str
    description: str
    location: str
    categories: tuple[str, ...]


class _Reader:
    """Turns raw events into occurrences; what cannot be read goes into `problems`."""

    def __init__(
        self,
        source: str,
        lang: str,
        zones: _Zones,
        zone: dt.tzinfo,
        zone_given: bool,
        lines: list[str],
    ) -> None:
        self.source = source
        self.lang = lang
        self.zones = zones
        self.times = _Times(zones, zone)
        self.zone_given = zone_given  # X-WR-TIMEZONE: series repeat in local time
        self.lines = lines
        self.problems: dict[tuple[int, str], ImportProblem] = {}

    def report(self, number: int, summary: str, key: str, **values: object) -> None:
        message = problem(key, self.lang, **values)
        self.problems[(number, "date")] = ImportProblem(
            self.source, number, "date", summary, message
        )

    def start_of(self, event: _RawEvent) -> dt.date | None:
        """The event's DTSTART, or None (and a problem) when it has none or a bad one."""
        found = event.props.get("DTSTART")
        if found is None:
            self.report(event.number, event.text("SUMMARY"), "event_no_start")
            return None
        try:
            return self.times.read(*found)
        except _BadValue as exc:
            self.report(event.number, event.text("SUMMARY"), "ical_bad_start", value=repr(str(exc)))
            return None

    def occurrences(
        self, events: list[_RawEvent], window: tuple[dt.date, dt.date], limit: int
    ) -> list[_Occurrence]:
        """Every occurrence, in the order of the file and then of time."""
        found: list[tuple[int, dt.date, str, _Occurrence]] = []
        series: dict[str, list[_RawEvent]] = {}
        for event in events:
            if event.series:
                # A cancelled one too: it cancels an occurrence of its series.
                uid = event.text("UID") or f"\x00{event.number}"
                series.setdefault(uid, []).append(event)
                continue
            if _cancelled(event.text("STATUS")):
                continue
            start = self.start_of(event)
            if start is None:
                continue
            occurrence = self.single(event, start)
            found.append((event.number, occurrence.day, occurrence.start, occurrence))
        for members in series.values():
            for occurrence in self.expand(members, window, limit - len(found)):
                found.append((occurrence.number, occurrence.day, occurrence.start, occurrence))
        if len(found) > limit:
            raise InvalidInput(
                Msg("too_many_rows", rows=len(found), limit=limit), source=self.source
            )
        found.sort(key=lambda f: f[:3])
        return [f[3] for f in found]

    def single(self, event: _RawEvent, start: dt.date) -> _Occurrence:
        day, start_time = self.times.local(start)
        end_time = ""
        if start_time:
            end: dt.date | None = None
            if "DTEND" in event.props:
                try:
                    end = self.times.read(*event.props["DTEND"])
                except _BadValue:
                    end = None  # only the start is known
            elif "DURATION" in event.props:
                length = _duration(event.props["DURATION"][1])
                if length is not None:
                    try:
                        end = start + length
                        self.times.local(end)
                    except OverflowError:
                        end = None  # only the start is known
            end_time = self.end_time(day, start_time, end)
        return _Occurrence(
            number=event.number,
            id=event.text("UID"),
            day=day,
            start=start_time,
            end=end_time,
            summary=event.text("SUMMARY"),
            description=event.text("DESCRIPTION"),
            location=event.text("LOCATION"),
            categories=tuple(event.categories),
        )

    def end_time(self, day: dt.date, start: str, end: dt.date | None) -> str:
        """The end's clock time when it is later on the same day, else '' (not known)."""
        if end is None or not start:
            return ""
        end_day, end_time = self.times.local(end)
        return end_time if end_day == day and end_time > start else ""

    def expand(
        self, members: list[_RawEvent], window: tuple[dt.date, dt.date], limit: int
    ) -> Iterator[_Occurrence]:
        """The occurrences of one series (a UID: its recurring event and moved occurrences)
        within the window, through icalendar and recurring-ical-events."""
        starts = {event.number: self.start_of(event) for event in members}
        members = [event for event in members if starts[event.number] is not None]
        if not members:
            return
        # The series starts at its earliest DTSTART or RDATE: no need to look before it.
        earliest = min(self.times.local(start)[0] for start in starts.values() if start)
        for event in members:
            if "RDATE" in event.props:
                earliest = min([earliest, *self.rdates(event)])
        try:
            calendar = icalendar.Calendar.from_ical(self.series_text(members))
            components = list(calendar.walk("VEVENT"))
            if len(components) != len(members):
                raise ValueError("BEGIN/END")
        except Exception as exc:  # icalendar raises ValueError, TypeError, ... for odd values
            for event in members:
                self.report(event.number, event.text("SUMMARY"), "event_bad_repeat", reason=exc)
            return
        keep = []
        for event, component in zip(members, components, strict=True):
            broken = dict(component.errors)
            for name in ("DTEND", "DURATION"):
                if name in broken:
                    del component[name]  # only the start is known
            summary = event.text("SUMMARY")
            if "DTSTART" in broken:
                raw = event.props["DTSTART"][1].strip()
                self.report(event.number, summary, "ical_bad_start", value=repr(raw))
            elif any(name in broken for name in _RECURRENCE_PROPERTIES):
                name = next(name for name in _RECURRENCE_PROPERTIES if name in broken)
                raw = event.props.get(name, ("", ""))[1].strip()
                self.report(event.number, summary, "event_bad_repeat", reason=f"{name}:{raw}")
            else:
                keep.append(component)
        if not keep:
            return
        kept = {id(component) for component in keep}
        calendar.subcomponents = [
            c for c in calendar.subcomponents if c.name != "VEVENT" or id(c) in kept
        ]
        first, stop = window
        out: list[_Occurrence] = []
        try:
            seen = 0  # occurrences in the window, cancelled ones too
            query = recurring_ical_events.of(calendar)
            for span_start, span_stop in _spans(max(first, earliest), stop):
                # A day more on both sides: the library may count a day in another zone.
                around = (span_start - _DAY, span_stop + _DAY)
                for component in query.between(*around):
                    day = self.times.local(component["DTSTART"].dt)[0]
                    if not span_start <= day < span_stop:
                        continue  # outside this span: another one holds it
                    seen += 1
                    if not _cancelled(str(component.get("STATUS", ""))):
                        out.append(self.occurrence(component))
                if seen > _MAX_OCCURRENCES or len(out) > limit:
                    break
        except Exception as exc:  # the library raises many kinds for a bad series
            for event in members:
                if (event.number, "date") not in self.problems:
                    reason = str(exc) or type(exc).__name__
                    self.report(
                        event.number, event.text("SUMMARY"), "event_bad_repeat", reason=reason
                    )
            return
        if seen > _MAX_OCCURRENCES:
            for event in members:
                summary = event.text("SUMMARY")
                self.report(event.number, summary, "ical_too_often", limit=_MAX_OCCURRENCES)
            return
        yield from out

    def rdates(self, event: _RawEvent) -> list[dt.date]:
        """The days of the event's first RDATE line that we can read (periods are left out)."""
        params, value = event.props["RDATE"]
        days = []
        for item in value.split(","):
            try:
                days.append(self.times.local(self.times.read(params, item))[0])
            except _BadValue:
                continue
        return days

    def series_text(self, members: list[_RawEvent]) -> str:
        """A calendar of one series: its events, with time zones we know by IANA name, and the
        VTIMEZONEs of those we do not."""
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Toetsplanner//import//NL"]
        zone = self.times.zone
        if self.zone_given and isinstance(zone, zoneinfo.ZoneInfo):
            lines.append(f"X-WR-TIMEZONE:{zone.key}")
        custom: set[str] = set()
        for event in members:
            lines.append("BEGIN:VEVENT")
            lines.append(f"{_PRIVATE}:{event.number}")
            for line in self.lines[event.first + 1 : event.last]:
                lines.append(self.with_zone_name(line, custom))
            lines.append("END:VEVENT")
        for tzid in sorted(custom):
            lines[3:3] = self.zones.definitions[tzid]
        lines.append("END:VCALENDAR")
        return "\r\n".join(lines) + "\r\n"

    def with_zone_name(self, line: str, custom: set[str]) -> str:
        """The line with its TZID replaced by the IANA name we found for it."""
        parts = _split_line(line)
        if parts is None or "TZID" not in parts[1].upper():
            return line
        name, params, value = parts
        tzid = _param(params, "TZID")
        zone = self.zones.resolve(tzid)
        if isinstance(zone, zoneinfo.ZoneInfo):
            rest = "".join(
                m.group(0) for m in _PARAM.finditer(params) if m.group(1).upper() != "TZID"
            )
            return f"{name};TZID={zone.key}{rest}:{value}"
        if zone is not None and tzid.strip() in self.zones.definitions:
            custom.add(tzid.strip())
        return line

    def occurrence(self, component: Any) -> _Occurrence:
        """One expanded occurrence (an icalendar component) as an _Occurrence."""
        start = component["DTSTART"].dt
        day, start_time = self.times.local(start)
        end = component["DTEND"].dt if "DTEND" in component else None
        series_uid = _text(component.get("UID"))
        original = component.get("RECURRENCE-ID") or component["DTSTART"]
        return _Occurrence(
            number=int(str(component[_PRIVATE])),
            id=f"{series_uid}/{self.times.local(original.dt)[0].isoformat()}" if series_uid else "",
            day=day,
            start=start_time,
            end=self.end_time(day, start_time, end),
            summary=_text(component.get("SUMMARY")),
            description=_text(component.get("DESCRIPTION")),
            location=_text(component.get("LOCATION")),
            categories=tuple(_categories(component)),
        )


_DAY = dt.timedelta(days=1)


def _spans(first: dt.date, stop: dt.date) -> Iterator[tuple[dt.date, dt.date]]:
    """`first`..`stop` in spans of 1, 2, 4, 8, ... days: a runaway series (FREQ=MINUTELY) is
    seen to be one after a day, a weekly one takes a few spans for a school year. (The
    library's `after()` can keep looking for an occurrence that never comes.)"""
    size = 1
    while first < stop:
        end = min(first + dt.timedelta(days=size), stop)
        yield first, end
        first, size = end, size * 2


def _cancelled(status: str) -> bool:
    return status.strip().upper() == "CANCELLED"


def _window(
    config: SchoolConfig, reader: _Reader, events: list[_RawEvent]
) -> tuple[dt.date, dt.date]:
    """The days to expand recurring events over (end exclusive)."""
    if config.start is not None and config.end is not None:
        return config.start, config.end + dt.timedelta(days=1)
    starts = []
    for event in events:
        found = event.props.get("DTSTART")
        if found is None:
            continue
        try:
            starts.append(reader.times.local(reader.times.read(*found))[0])
        except _BadValue:
            continue
    if not starts:
        return dt.date(2000, 1, 1), dt.date(2000, 1, 2)
    return min(starts), max(starts) + _WIDE_WINDOW


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


# --- classification ---------------------------------------------------------------------------


class _Classifier:
    """Turns an occurrence's text into raw cells, or names the column it cannot fill."""

    def __init__(self, config: SchoolConfig, calendar_name: str) -> None:
        settings = config.imports.ical
        self.lookup = config.kind_lookup()
        for word, kind in settings.kind_words.items():
            if word.strip():
                self.lookup[word.strip().casefold()] = kind
        aliases = sorted(self.lookup, key=len, reverse=True)
        alternatives = "|".join(re.escape(a) for a in aliases if a)
        self.kind_word = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        self.group_pattern = re.compile(settings.group_pattern) if settings.group_pattern else None
        self.subject_pattern = (
            re.compile(settings.subject_pattern) if settings.subject_pattern else None
        )
        self.use_calendar_name = settings.group_from_calendar_name
        self.calendar_groups = (
            [name for name, _ in self.groups_in(calendar_name)] if self.use_calendar_name else []
        )
        self.columns: Mapping[str, str] = config.imports.columns
        self.cache: dict[tuple[str, str, str, tuple[str, ...]], tuple[str, ...] | str] = {}

    def classify(self, occurrence: _Occurrence) -> tuple[str, ...] | str:
        """The cells of `_DESCRIPTION_COLUMNS`, or the column that cannot be filled."""
        key = (
            occurrence.summary,
            occurrence.description,
            occurrence.location,
            occurrence.categories,
        )
        found = self.cache.get(key)
        if found is None:
            found = self._classify(*key)
            self.cache[key] = found
        return found

    def _classify(
        self, summary: str, description: str, location: str, categories: tuple[str, ...]
    ) -> tuple[str, ...] | str:
        keyed, other_lines = self.key_lines(description)
        kind = self.kind_of(categories, keyed, summary)
        if kind is None:
            return "kind"
        groups, spans = self.groups_of(keyed, summary, location, description)
        if not groups:
            return "group"
        rest = _without(summary, spans)
        subject, title = self.subject_and_title(rest)
        if self.subject_pattern is not None:
            match = self.subject_pattern.search(summary)
            subject = _first_group(match).strip() if match else ""
        subject = keyed.get("subject") or subject
        if not subject:
            return "subject"
        notes = [keyed["notes"]] if keyed.get("notes") else []
        cells = {
            **keyed,
            "group": ", ".join(groups),
            "subject": subject,
            "kind": kind,
            "title": keyed.get("title") or title or summary,
            "notes": "; ".join(notes + other_lines),
        }
        return tuple(cells.get(column, "") for column in _DESCRIPTION_COLUMNS)

    def missing_message(self, column: str, lang: str) -> str:
        if column == "group" and self.group_pattern is not None:
            return problem("ical_no_group_pattern", lang, pattern=self.group_pattern.pattern)
        if column == "group" and not self.use_calendar_name:
            return problem("ical_no_group_in_event", lang)
        if column == "subject" and self.subject_pattern is not None:
            return problem("ical_no_subject_pattern", lang, pattern=self.subject_pattern.pattern)
        return problem(_MISSING[column], lang)

    def kind_of(
        self, categories: tuple[str, ...], keyed: dict[str, str], summary: str
    ) -> str | None:
        for category in categories:
            kind = self.lookup.get(category.casefold())
            if kind is not None:
                return kind
        kind = self.lookup.get(keyed.get("kind", "").strip().casefold())
        if kind is not None:
            return kind
        match = self.kind_word.search(summary)
        return self.lookup[match.group(0).casefold()] if match else None

    def groups_of(
        self, keyed: dict[str, str], summary: str, location: str, description: str
    ) -> tuple[list[str], list[tuple[int, int]]]:
        """The groups, and where SUMMARY names them (to leave them out of subject and title)."""
        if keyed.get("group"):
            return [g for g in _LIST_SPLIT.split(keyed["group"].strip()) if g], []
        # Groups named before the first separator of SUMMARY, else after it: a title such as
        # `H3 §2a, 3b` after the colon names no groups when the part before it does.
        end = _GROUP_PART_END.search(summary)
        cut = end.start() if end else len(summary)
        for offset, text in ((0, summary[:cut]), (cut, summary[cut:])):
            found = self.groups_in(text)
            if found:
                names = [name for name, _ in found]
                return names, [(a + offset, b + offset) for _, (a, b) in found]
        for text in (location, description):
            found = self.groups_in(text)
            if found:
                return [name for name, _ in found], []
        return list(self.calendar_groups), []

    def groups_in(self, text: str) -> list[tuple[str, tuple[int, int]]]:
        """Group names in a text, each once, with where they stand."""
        groups: list[tuple[str, tuple[int, int]]] = []
        names: set[str] = set()
        if not text:
            return groups
        if self.group_pattern is not None:
            for match in self.group_pattern.finditer(text):
                index = 1 if match.re.groups else 0
                name = (match.group(index) or "").strip()
                if name and name not in names:
                    names.add(name)
                    groups.append((name, match.span(index)))
            return groups
        for match in _GROUP.finditer(text):
            name = match.group(1)
            if name[1:] in _NOT_GROUPS or name in names:
                continue
            names.add(name)
            groups.append((name, match.span(1)))
        return groups

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

    def key_lines(self, description: str) -> tuple[dict[str, str], list[str]]:
        """`Vak: wiskunde`-style lines mapped to columns, and the other lines (the notes)."""
        keyed: dict[str, str] = {}
        notes: list[str] = []
        if not description:
            return keyed, notes
        for line in description.splitlines():
            if not line.strip():
                continue
            match = _KEY_LINE.match(line)
            column = ""
            if match:
                label = match.group(1)
                column = self.columns.get(label.casefold()) or canonical_column(label)
            if match and column in _DESCRIPTION_COLUMNS and column not in keyed:
                keyed[column] = match.group(2)
            else:
                notes.append(line.strip())
        return keyed, notes


_MISSING = {"kind": "event_no_kind", "group": "event_no_group", "subject": "event_no_subject"}


def _first_group(match: re.Match[str]) -> str:
    return (match.group(1) if match.re.groups else match.group(0)) or ""


def _without(summary: str, spans: list[tuple[int, int]]) -> str:
    """SUMMARY with the group names at `spans` left out."""
    if not spans:
        return summary
    parts = []
    last = 0
    for start, end in sorted(spans):
        gap = summary[last:start]
        # `wiskunde 2A, 2B en 2C PW`: what stands between two groups goes with them.
        parts.append("" if last and _BETWEEN_GROUPS.fullmatch(gap) else gap)
        last = end
    parts.append(summary[last:])
    text = re.sub(r"\s+", " ", " ".join(parts)).strip()
    text = re.sub(r"^[\s,;/&]+", "", text)
    return text.lstrip(" -–—:;,.|")


_BETWEEN_GROUPS = re.compile(r"[\s,;/&+]*(?:(?:en|and|\+)[\s,;/&]*)?", re.IGNORECASE)
