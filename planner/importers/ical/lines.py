"""iCalendar content lines: unfolded, and read into events, time zones and calendar properties.

Properties, parameters and escapes are read by a small reader of our own: icalendar parses
every property of every event and took three quarters of the time of a large file, so only
series go through it (see `expand`). A file with no `BEGIN:VCALENDAR` cannot be used at all
(InvalidInput), nor one whose components nest deeper than MAX_DEPTH (BEGIN: without END:), nor
one with more than MAX_TIMEZONES time zones (VTIMEZONE) or a time zone of more than
MAX_TIMEZONE_LINES lines: the icalendar library reads a time zone at a few thousand lines a
second, and no calendar needs more. Every step is one pass over the lines.
"""

from __future__ import annotations

import dataclasses
import re

from planner.errors import InvalidInput
from planner.i18n import Msg

# Properties that make an event part of a series, expanded by recurring-ical-events.
SERIES_PROPERTIES = ("RRULE", "RDATE", "RECURRENCE-ID")
PARAM = re.compile(r';\s*([A-Za-z0-9-]+)\s*=\s*("[^"]*"|[^;]*)')
_ESCAPE = re.compile(r"\\(.)")
# VCALENDAR > VEVENT > VALARM is three deep, VCALENDAR > VTIMEZONE > STANDARD too.
MAX_DEPTH = 8
MAX_TIMEZONES = 10  # distinct TZIDs defined by VTIMEZONEs
MAX_TIMEZONE_LINES = 500  # lines of one VTIMEZONE, BEGIN to END (Outlook writes about 20)


def unfold(data: bytes) -> bytes:
    """The bytes with each folded line joined again (CRLF or LF plus a space or tab)."""
    data = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    return data.replace(b"\n ", b"").replace(b"\n\t", b"")


def unfold_text(text: str) -> str:
    """`unfold` for a text already decoded (UTF-16, where bytes cannot be unfolded)."""
    return re.sub(r"\r?\n[ \t]", "", text)


@dataclasses.dataclass(slots=True)
class RawEvent:
    """One VEVENT as written: its number (1-based, in the order of the file), its own
    properties (the first of each name, unescaped later), and where its lines are."""

    number: int
    first: int  # index of BEGIN:VEVENT in the calendar's lines
    last: int = -1  # index of END:VEVENT
    props: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # params, value
    categories: list[str] = dataclasses.field(default_factory=list)

    @property
    def series(self) -> bool:
        return any(name in self.props for name in SERIES_PROPERTIES)

    def text(self, name: str) -> str:
        found = self.props.get(name)
        return unescape(found[1]).strip() if found else ""


@dataclasses.dataclass(slots=True)
class Calendar:
    """What the reader needs of a file: its lines (for a series' own calendar), its events, the
    VTIMEZONEs it defines, and its name and zone."""

    lines: list[str]
    events: list[RawEvent]
    timezones: dict[str, list[str]]  # TZID -> the VTIMEZONE's lines
    name: str = ""  # X-WR-CALNAME
    timezone: str = ""  # X-WR-TIMEZONE


def parse(text: str, source: str) -> Calendar:
    """The events, time zones and calendar properties of an unfolded iCalendar text."""
    if not text.strip():
        raise InvalidInput(Msg("empty_file"), source=source)
    lines = text.splitlines()
    calendar = Calendar(lines, [], {})
    stack: list[str] = []
    event: RawEvent | None = None
    zone_start = -1
    zone_id = ""
    seen_calendar = False
    for index, line in enumerate(lines):
        parts = split_line(line)
        if parts is None:
            continue
        name, params, value = parts
        if name == "BEGIN":
            kind = value.strip().upper()
            if kind == "VCALENDAR":
                seen_calendar = True
            elif kind == "VEVENT" and seen_calendar and event is None:
                event = RawEvent(len(calendar.events) + 1, index)
                calendar.events.append(event)
            elif kind == "VTIMEZONE":
                zone_start, zone_id = index, ""
            stack.append(kind)
            if len(stack) > MAX_DEPTH:
                deep = Msg("ical_too_deep", line=index + 1, kind=kind[:40], limit=MAX_DEPTH)
                raise InvalidInput(deep, source=source)
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
                    _check_zone(calendar.timezones, zone_id, zone_start, index, source)
                    calendar.timezones.setdefault(zone_id, lines[zone_start : index + 1])
                zone_start = -1
        elif not stack:
            continue
        elif event is not None and stack[-1] == "VEVENT":
            if name == "CATEGORIES":
                event.categories += split_list(value)
            elif name not in event.props:
                event.props[name] = (params, value)
        elif stack[-1] == "VTIMEZONE" and name == "TZID":
            zone_id = value.strip()
        elif stack[-1] == "VCALENDAR":
            if name == "X-WR-CALNAME" and not calendar.name:
                calendar.name = unescape(value).strip()
            elif name == "X-WR-TIMEZONE" and not calendar.timezone:
                calendar.timezone = unescape(value).strip()
    if not seen_calendar:
        raise InvalidInput(Msg("ical_no_calendar"), source=source)
    if event is not None:  # a file cut off inside its last event
        event.last = len(lines)
    return calendar


def _check_zone(
    timezones: dict[str, list[str]], zone_id: str, first: int, last: int, source: str
) -> None:
    """Refuses the VTIMEZONE on lines first..last (0-based) when it is one too many or too
    long: the icalendar library would take minutes over it."""
    if zone_id in timezones:
        return  # a repeated definition: the first one counts, this one is not read
    if len(timezones) >= MAX_TIMEZONES:
        many = Msg("ical_too_many_zones", line=first + 1, limit=MAX_TIMEZONES)
        raise InvalidInput(many, source=source)
    if last - first + 1 > MAX_TIMEZONE_LINES:
        tzid = zone_id[:40]
        long = Msg("ical_zone_too_long", line=first + 1, tzid=tzid, limit=MAX_TIMEZONE_LINES)
        raise InvalidInput(long, source=source)


def split_line(line: str) -> tuple[str, str, str] | None:
    """A content line as (NAME, ;params, value); None for a line that is none."""
    colon = line.find(":")
    if colon <= 0:
        return None
    semi = line.find(";", 0, colon)
    if semi < 0:
        return line[:colon].strip().upper(), "", line[colon + 1 :]
    # A quoted parameter value may hold a colon: TZID="(UTC+01:00) Amsterdam, ...". Each
    # quote before the colon skips to its closing quote (and the colon is looked for again
    # only when it was inside the quotes): one pass over the line.
    quote = line.find('"', semi, colon)
    while quote >= 0:
        end = line.find('"', quote + 1)
        if end < 0:
            return None
        if colon < end:
            colon = line.find(":", end + 1)
            if colon < 0:
                return None
        quote = line.find('"', end + 1, colon)
    return line[:semi].strip().upper(), line[semi:colon], line[colon + 1 :]


def param(params: str, wanted: str) -> str:
    """One parameter's value (unquoted) from `;NAME=value;...`, or ''."""
    if not params:
        return ""
    for match in PARAM.finditer(params):
        if match.group(1).upper() == wanted:
            return match.group(2).strip().strip('"').strip()
    return ""


def unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_list(value: str) -> list[str]:
    """A comma-separated value (CATEGORIES), escaped commas kept."""
    items = re.split(r"(?<!\\),", value) if "\\" in value else value.split(",")
    return [text for item in items if (text := unescape(item).strip())]
