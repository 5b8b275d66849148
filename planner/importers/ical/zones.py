"""iCalendar times: TZIDs as time zones, and DATE/DATE-TIME/DURATION values in the calendar's zone.

A time with a zone (TZID, or UTC) counts in the calendar's zone: Google's X-WR-TIMEZONE, else
Europe/Amsterdam, so an event at 23:30 UTC on 9 March is on 10 March. A TZID may be an IANA
name, a Windows name (`W. Europe Standard Time`), an Outlook display name (`(UTC+01:00)
Amsterdam, Berlin, ...`), a VTIMEZONE of the file, or a vendor path (`/mozilla.org/.../Europe/
Amsterdam`); a zone that cannot be found, and a time without a zone, are read as written.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from typing import Any

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from planner.importers.ical.lines import param

TIMEZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
_DATE_VALUE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATETIME_VALUE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z?)", re.IGNORECASE)
_DURATION = re.compile(
    r"([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", re.IGNORECASE
)
_DISPLAY_NAME = re.compile(r"^\(\s*(?:UTC|GMT)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)\s*(.*)$")


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


class Zones:
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


class BadValue(ValueError):
    """A date or date-time that cannot be read; its text is the value as written."""


class Times:
    """Reads DTSTART-like values (cached: a plan repeats its dates) and puts them in the
    calendar's zone."""

    def __init__(self, zones: Zones, zone: dt.tzinfo) -> None:
        self.zones = zones
        self.zone = zone
        self.cache: dict[tuple[str, str], dt.date | BadValue] = {}

    def read(self, params: str, value: str) -> dt.date:
        key = (params, value)
        found = self.cache.get(key)
        if found is None:
            try:
                found = self._read(params, value.strip())
                self.local(found)  # 9999-12-31 23:59 UTC has no date in Amsterdam
            except (ValueError, OverflowError):
                found = BadValue(value.strip())
            self.cache[key] = found
        if isinstance(found, BadValue):
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
        tzid = param(params, "TZID")
        zone = self.zones.resolve(tzid) if tzid else None
        return moment.replace(tzinfo=zone) if zone is not None else moment

    def local(self, value: dt.date) -> tuple[dt.date, str]:
        """The school day and clock time (`HH:MM`, '' for a whole day) of a start or end."""
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(self.zone)
            return value.date(), f"{value:%H:%M}"
        return value, ""


def duration(value: str) -> dt.timedelta | None:
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
