"""iCalendar events as occurrences: a single event as it is, a series (RRULE, RDATE) expanded.

Only events that repeat or move (RRULE, RDATE, RECURRENCE-ID) go through icalendar and
recurring-ical-events, one series (UID) at a time, expanded over the config's start..end (else
from the first event to a year after the last one starts). A single event is kept whatever its
date; a cancelled event or occurrence (STATUS:CANCELLED, or Outlook's SUMMARY `Geannuleerd:`,
`Canceled:`, `Cancelled:` without a STATUS) is dropped and counted. Each occurrence keeps its
event's number in the file (1-based, counting VEVENTs). An event whose start (DTSTART) or
recurrence cannot be read is an ImportProblem (column `date`) while the other events load, and
so is a series with more than 1000 occurrences in the window (a runaway RRULE such as
FREQ=MINUTELY); more rows in all than `[import] max_rows` make the file unusable
(InvalidInput), refused after the series that passes the limit. Recurring events in a calendar
with X-WR-TIMEZONE repeat at the same local time, as in Google.

The library reads a few thousand lines a second and takes milliseconds per series, so a file
with more than MAX_SERIES_EVENTS repeating events, or more than MAX_SERIES_LINES lines in them,
is refused before any is expanded; a VTIMEZONE of the file is given to the library once (with
the first series that needs it: the library keeps it by its TZID), not with every series.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import zoneinfo
from collections.abc import Iterator
from typing import Any

import dateutil.rrule
import icalendar
import recurring_ical_events

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg, problem
from planner.importers.ical.lines import PARAM, RawEvent, param, split_line
from planner.importers.ical.zones import BadValue, Times, Zones, duration
from planner.model import ImportProblem

# Without a school year in the config: expand recurring events this far past the last start.
_WIDE_WINDOW = dt.timedelta(days=366)
_RECURRENCE_PROPERTIES = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "EXRULE")
# More occurrences than this in the window: a runaway RRULE (FREQ=MINUTELY), not a test plan.
_MAX_OCCURRENCES = 1000
_PRIVATE = "X-TOETSPLANNER-EVENT"  # tells which event of the file an occurrence comes from
# What the library is given at most: a few seconds of its time.
MAX_SERIES_EVENTS = 1000
MAX_SERIES_LINES = 20_000
MAX_SERIES_DATES = 5000  # values of RDATE and EXDATE lines


@dataclasses.dataclass(slots=True)
class Occurrence:
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


class Reader:
    """Turns raw events into occurrences; what cannot be read goes into `problems`."""

    def __init__(
        self,
        source: str,
        lang: str,
        zones: Zones,
        zone: dt.tzinfo,
        zone_given: bool,
        lines: list[str],
    ) -> None:
        self.source = source
        self.lang = lang
        self.zones = zones
        self.times = Times(zones, zone)
        self.zone_given = zone_given  # X-WR-TIMEZONE: series repeat in local time
        self.lines = lines
        self.problems: dict[tuple[int, str], ImportProblem] = {}
        self.cancelled = 0  # cancelled events (a series, or one occurrence of it, counts once)
        self.zones_given: set[str] = set()  # VTIMEZONEs the library has read (by TZID)

    def report(self, number: int, summary: str, key: str, **values: object) -> None:
        message = problem(key, self.lang, **values)
        self.problems[(number, "date")] = ImportProblem(
            self.source, number, "date", summary, message
        )

    def start_of(self, event: RawEvent) -> dt.date | None:
        """The event's DTSTART, or None (and a problem) when it has none or a bad one."""
        found = event.props.get("DTSTART")
        if found is None:
            self.report(event.number, event.text("SUMMARY"), "event_no_start")
            return None
        try:
            return self.times.read(*found)
        except BadValue as exc:
            self.report(event.number, event.text("SUMMARY"), "ical_bad_start", value=repr(str(exc)))
            return None

    def occurrences(
        self, events: list[RawEvent], window: tuple[dt.date, dt.date], limit: int
    ) -> list[Occurrence]:
        """Every occurrence, in the order of the file and then of time."""
        found: list[tuple[int, dt.date, str, Occurrence]] = []
        series: dict[str, list[RawEvent]] = {}
        for event in events:
            cancelled = _cancelled(event.text("STATUS"), event.text("SUMMARY"))
            self.cancelled += cancelled
            if event.series:
                # A cancelled one too: it cancels an occurrence of its series.
                uid = event.text("UID") or f"\x00{event.number}"
                series.setdefault(uid, []).append(event)
                continue
            if cancelled:
                continue
            start = self.start_of(event)
            if start is None:
                continue
            occurrence = self.single(event, start)
            found.append((event.number, occurrence.day, occurrence.start, occurrence))
        self.check_series(series)
        for members in series.values():
            if len(found) > limit:
                break
            for occurrence in self.expand(members, window, limit - len(found)):
                found.append((occurrence.number, occurrence.day, occurrence.start, occurrence))
        if len(found) > limit:
            raise InvalidInput(
                Msg("too_many_rows", rows=len(found), limit=limit), source=self.source
            )
        found.sort(key=lambda f: f[:3])
        return [f[3] for f in found]

    def check_series(self, series: dict[str, list[RawEvent]]) -> None:
        """Refuses more repeating events, or lines in them, than the library is given."""
        events = [event for members in series.values() for event in members]
        lines = sum(max(event.last - event.first - 1, 0) for event in events)
        dates = sum(
            line.count(",") + 1
            for event in events
            for line in self.lines[event.first + 1 : event.last]
            if line[:6].upper().startswith(("RDATE", "EXDATE"))
        )
        if len(events) > MAX_SERIES_EVENTS or lines > MAX_SERIES_LINES or dates > MAX_SERIES_DATES:
            many = Msg(
                "ical_too_many_series",
                events=len(events),
                lines=lines,
                dates=dates,
                max_events=MAX_SERIES_EVENTS,
                max_lines=MAX_SERIES_LINES,
                max_dates=MAX_SERIES_DATES,
            )
            raise InvalidInput(many, source=self.source)

    def single(self, event: RawEvent, start: dt.date) -> Occurrence:
        day, start_time = self.times.local(start)
        end_time = ""
        if start_time:
            end: dt.date | None = None
            if "DTEND" in event.props:
                try:
                    end = self.times.read(*event.props["DTEND"])
                except BadValue:
                    end = None  # only the start is known
            elif "DURATION" in event.props:
                length = duration(event.props["DURATION"][1])
                if length is not None:
                    try:
                        end = start + length
                        self.times.local(end)
                    except OverflowError:
                        end = None  # only the start is known
            end_time = self.end_time(day, start_time, end)
        return Occurrence(
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
        self, members: list[RawEvent], window: tuple[dt.date, dt.date], limit: int
    ) -> Iterator[Occurrence]:
        """The occurrences of one series (a UID: its recurring event and moved occurrences)
        within the window, through icalendar and recurring-ical-events."""
        starts = {event.number: self.start_of(event) for event in members}
        members = [event for event in members if starts[event.number] is not None]
        if not members:
            return
        if any(_runaway(event, starts[event.number], window) for event in members):
            for event in members:
                summary = event.text("SUMMARY")
                self.report(event.number, summary, "ical_too_often", limit=_MAX_OCCURRENCES)
            return
        # The series starts at its earliest DTSTART or RDATE: no need to look before it.
        earliest = min(self.times.local(start)[0] for start in starts.values() if start)
        for event in members:
            if "RDATE" in event.props:
                earliest = min([earliest, *self.rdates(event)])
        custom: set[str] = set()
        try:
            calendar = icalendar.Calendar.from_ical(self.series_text(members, custom))
            self.zones_given |= custom
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
        out: list[Occurrence] = []
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
                    status, summary = component.get("STATUS", ""), component.get("SUMMARY")
                    if not _cancelled(str(status), _text(summary)):
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

    def rdates(self, event: RawEvent) -> list[dt.date]:
        """The days of the event's first RDATE line that we can read (periods are left out)."""
        params, value = event.props["RDATE"]
        days = []
        for item in value.split(","):
            try:
                days.append(self.times.local(self.times.read(params, item))[0])
            except BadValue:
                continue
        return days

    def series_text(self, members: list[RawEvent], custom: set[str]) -> str:
        """A calendar of one series: its events, with time zones we know by IANA name, and the
        VTIMEZONEs of those we do not that the library has not read yet (their TZIDs are added
        to `custom`)."""
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Toetsplanner//import//NL"]
        zone = self.times.zone
        if self.zone_given and isinstance(zone, zoneinfo.ZoneInfo):
            lines.append(f"X-WR-TIMEZONE:{zone.key}")
        for event in members:
            lines.append("BEGIN:VEVENT")
            lines.append(f"{_PRIVATE}:{event.number}")
            for line in self.lines[event.first + 1 : event.last]:
                lines.append(self.with_zone_name(line, custom))
            lines.append("END:VEVENT")
        custom -= self.zones_given
        for tzid in sorted(custom):
            lines[3:3] = self.zones.definitions[tzid]
        lines.append("END:VCALENDAR")
        return "\r\n".join(lines) + "\r\n"

    def with_zone_name(self, line: str, custom: set[str]) -> str:
        """The line with its TZID replaced by the IANA name we found for it."""
        parts = split_line(line)
        if parts is None or "TZID" not in parts[1].upper():
            return line
        name, params, value = parts
        tzid = param(params, "TZID")
        zone = self.zones.resolve(tzid)
        if isinstance(zone, zoneinfo.ZoneInfo):
            rest = "".join(
                m.group(0) for m in PARAM.finditer(params) if m.group(1).upper() != "TZID"
            )
            return f"{name};TZID={zone.key}{rest}:{value}"
        if zone is not None and tzid.strip() in self.zones.definitions:
            custom.add(tzid.strip())
        return line

    def occurrence(self, component: Any) -> Occurrence:
        """One expanded occurrence (an icalendar component) as an Occurrence."""
        start = component["DTSTART"].dt
        day, start_time = self.times.local(start)
        end = component["DTEND"].dt if "DTEND" in component else None
        series_uid = _text(component.get("UID"))
        original = component.get("RECURRENCE-ID") or component["DTSTART"]
        return Occurrence(
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


def _runaway(event: RawEvent, start: Any, window: tuple[dt.date, dt.date]) -> bool:
    """More than _MAX_OCCURRENCES in the window, counted lazily by dateutil before the library
    builds any: the library makes a day's occurrences at once, 86,400 for FREQ=SECONDLY."""
    found = event.props.get("RRULE")
    if found is None or start is None:
        return False
    begin = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    first, stop = (dt.datetime.combine(day, dt.time()) for day in window)
    try:
        rule = dateutil.rrule.rrulestr(found[1].strip(), dtstart=begin.replace(tzinfo=None))
        times = itertools.islice(rule.xafter(first, inc=True), _MAX_OCCURRENCES + 1)
        return sum(1 for time in times if time < stop) > _MAX_OCCURRENCES
    except Exception:  # a rule dateutil cannot read: the library's reading reports it
        return False


# How Outlook marks a meeting its organiser cancelled, in the SUMMARY, often without a STATUS.
CANCELLED_PREFIXES = ("geannuleerd:", "canceled:", "cancelled:")


def _cancelled(status: str, summary: str) -> bool:
    return status.strip().upper() == "CANCELLED" or (
        summary.lstrip().casefold().startswith(CANCELLED_PREFIXES)
    )


def expansion_window(
    config: SchoolConfig, reader: Reader, events: list[RawEvent]
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
        except BadValue:
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
