"""iCal export of a plan (all of it, some groups, or one pupil's): one VEVENT per assessment,
for pupils', parents' and teachers' calendars, and read back by our own importer.

- UID is the assessment id, so a calendar app that imports the file again updates the events
  instead of doubling them, and `planner check` on the export gives back the same ids.
- SUMMARY reads `wiskunde proefwerk 2A: H3`; CATEGORIES holds the kind; DESCRIPTION holds
  `Key: value` lines (Klas, Vak, Soort, Titel, Docent, Lesuur, Weging, Minuten, Aangekondigd,
  Vast, Opmerkingen) that the importer reads back field by field. Line breaks in a text become
  spaces there (a key line is one line). An empty title comes back as the summary.
- A test with a clock time is a timed event in Europe/Amsterdam (with its VTIMEZONE); without
  one, an all-day event.
- DTSTAMP is a parameter (default: a fixed moment), so exporting twice gives the same bytes.

The calendar shell and the time zone come from icalendar; the events are written as content
lines with icalendar's own escaping and folding: building 25,000 icalendar Event objects took
5 s, writing their lines takes a fraction of that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import icalendar
import pandas as pd
from icalendar.parser import Contentline
from icalendar.prop import vText

from planner.config import SchoolConfig
from planner.i18n import Lang, catalogue
from planner.model import Plan
from planner.views.calendar import pupil_groups

TZID = "Europe/Amsterdam"
PRODID = "-//Toetsplanner//Toetsplanner//NL"
# DTSTAMP when none is given: a fixed moment, so that an unchanged plan exports identically.
FIXED_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# DESCRIPTION labels the importer maps back to columns (planner.model.ALIASES / column names).
LABELS = catalogue(
    __name__,
    {
        "group": {"nl": "Klas", "en": "Group"},
        "subject": {"nl": "Vak", "en": "Subject"},
        "kind": {"nl": "Soort", "en": "Kind"},
        "title": {"nl": "Titel", "en": "Title"},
        "teacher": {"nl": "Docent", "en": "Teacher"},
        "period": {"nl": "Lesuur", "en": "Period"},
        "weight": {"nl": "Weging", "en": "Weight"},
        "minutes": {"nl": "Minuten", "en": "Minutes"},
        "announced": {"nl": "Aangekondigd", "en": "Announced"},
        "locked": {"nl": "Vast", "en": "Locked"},
        "notes": {"nl": "Opmerkingen", "en": "Notes"},
    },
)
_WORDS = catalogue("planner.exporters.to_ical.words", {"yes": {"nl": "ja", "en": "yes"}})


def ical_bytes(
    plan: Plan,
    config: SchoolConfig,
    *,
    name: str,
    groups: Sequence[str] | None = None,
    pupil: str | None = None,
    members: pd.DataFrame | None = None,
    lang: Lang = "nl",
    stamp: dt.datetime | None = None,
    tests_only: bool = False,
    refresh: dt.timedelta | None = None,
) -> bytes:
    """The plan as an .ics file: every assessment, or those of `groups` (any case), or of the
    groups of `pupil` (needs `members`); with `tests_only` no homework. A subscribed feed gives
    `refresh`: how often a calendar app should fetch it again (REFRESH-INTERVAL, and Outlook's
    X-PUBLISHED-TTL)."""
    table = _selected(plan, groups, pupil, members)
    if tests_only:
        tests = {name for name, kind in config.kinds.items() if kind.test}
        table = table[table["kind"].isin(tests)]
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.prop.vDuration(refresh))
    timed = bool((table["start"].astype("str") != "").any())
    if timed:
        # the zone's rules for the plan's years only (icalendar's default spans 1970-2038)
        first, last = table["date"].min().year, table["date"].max().year
        zone = icalendar.Timezone.from_tzid(
            TZID, first_date=dt.date(first, 1, 1), last_date=dt.date(last + 1, 1, 1)
        )
        calendar.add_component(zone)
    head: str = calendar.to_ical().decode("utf-8")
    # the shell ends with END:VCALENDAR: the events go before it
    assert head.endswith("END:VCALENDAR\r\n")
    when = (stamp or FIXED_STAMP).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = _event_lines(table, lang, when)
    return (head[: -len("END:VCALENDAR\r\n")] + lines + "END:VCALENDAR\r\n").encode("utf-8")


def _selected(
    plan: Plan,
    groups: Sequence[str] | None,
    pupil: str | None,
    members: pd.DataFrame | None,
) -> pd.DataFrame:
    table = plan.assessments
    wanted: set[str] | None = None
    if groups:
        wanted = {g.casefold() for g in groups}
    if pupil is not None:
        mine = {g.casefold() for g in pupil_groups(plan, members, pupil)}
        wanted = mine if wanted is None else wanted & mine
    if wanted is not None:
        table = table[table["group"].str.casefold().isin(wanted)]
    return table.sort_values(["date", "start", "group", "subject", "id"], kind="stable")


def _text(value: Any) -> str:
    """A cell as one line of text ('' when missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def _number(value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return f"{number:g}"


def _escaped(value: str) -> str:
    return vText(value).to_ical().decode("utf-8")


def _event_lines(table: pd.DataFrame, lang: Lang, stamp: str) -> str:
    out: list[str] = []
    labels = {column: words[lang] for column, words in LABELS.items()}
    yes = _WORDS["yes"][lang]
    columns = {c: table[c].tolist() for c in table.columns}
    days = table["date"].dt.strftime("%Y%m%d").tolist()
    announced = table["announced"].dt.strftime("%Y-%m-%d").fillna("").tolist()
    for i in range(len(table)):
        group, subject, kind = (_text(columns[c][i]) for c in ("group", "subject", "kind"))
        title = _text(columns["title"][i])
        fields = {
            "group": group,
            "subject": subject,
            "kind": kind,
            "title": title,
            "teacher": _text(columns["teacher"][i]),
            "period": _number(columns["period"][i]),
            "weight": _number(columns["weight"][i]),
            "minutes": _number(columns["minutes"][i]),
            "announced": announced[i],
            "locked": yes if columns["locked"][i] else "",
            "notes": _text(columns["notes"][i]),
        }
        description = "\n".join(f"{labels[k]}: {v}" for k, v in fields.items() if v)
        summary = f"{subject} {kind} {group}" + (f": {title}" if title else "")
        start, end = _text(columns["start"][i]), _text(columns["end"][i])
        out.append("BEGIN:VEVENT")
        out.append(f"UID:{_escaped(str(columns['id'][i]))}")
        out.append(f"DTSTAMP:{stamp}")
        if start:
            out.append(f"DTSTART;TZID={TZID}:{days[i]}T{_clock(start)}")
            if end:
                out.append(f"DTEND;TZID={TZID}:{days[i]}T{_clock(end)}")
        else:
            out.append(f"DTSTART;VALUE=DATE:{days[i]}")
        out.append(f"SUMMARY:{_escaped(summary)}")
        out.append(f"CATEGORIES:{_escaped(kind)}")
        out.append(f"DESCRIPTION:{_escaped(description)}")
        out.append("TRANSP:TRANSPARENT")  # a test is no appointment that blocks the day
        out.append("END:VEVENT")
    # most lines are short: only the long ones go through icalendar's folding
    return "".join(
        (line if len(line) <= 70 and line.isascii() else _folded(line)) + "\r\n" for line in out
    )


def _folded(line: str) -> str:
    folded: bytes = Contentline(line).to_ical()  # type: ignore[no-untyped-call]
    return folded.decode("utf-8")


def _clock(text: str) -> str:
    """`9:30` or `09:30` -> `093000`."""
    hours, _, minutes = text.partition(":")
    return f"{int(hours):02d}{int(minutes or 0):02d}00"
