"""iCalendar plans (.ics): one assessment per event occurrence, classified from the event's text.

How a file is read, step by step, each in its own module:

- `decode`: the file's bytes as text (size limit, byte order marks, UTF-8 or Windows-1252);
- `lines`: the unfolded content lines as events, time zones and calendar properties;
- `zones`: TZIDs as time zones, and the events' times in the calendar's zone;
- `expand`: the events as occurrences, series (RRULE, RDATE, moved ones) expanded;
- `classify`: each occurrence's kind, groups, subject and title from its text.

Each occurrence becomes a row through the same `finalize` as a CSV row, with its event's number
in the file (1-based, counting VEVENTs) as its `row`. What cannot be read or classified is an
ImportProblem while the other events load, never a guess. Cancelled events are left out, counted
in one problem for the file and as withdrawn in its source (planner.importers.sources).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd

from planner.config import SchoolConfig
from planner.importers.common import finalize
from planner.importers.ical.classify import DESCRIPTION_COLUMNS, Classifier
from planner.importers.ical.decode import read_text
from planner.importers.ical.expand import Reader, expansion_window
from planner.importers.ical.lines import parse
from planner.importers.ical.zones import TIMEZONE, Zones
from planner.importers.sources import WITHDRAWN, Tally
from planner.model import ImportProblem, empty_table

_CELL_COLUMNS = ("id", "date", "start", "end", *DESCRIPTION_COLUMNS)


def read_ical_plan(
    path: str | Path, config: SchoolConfig, tally: Tally | None = None
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """Every occurrence of every event as an assessment; unreadable or unclassifiable events
    are problems."""
    path = Path(path)
    source = path.name
    lang = config.language
    calendar = parse(read_text(path, config.imports), source)
    zones = Zones(calendar.timezones)
    zone = zones.resolve(calendar.timezone) if calendar.timezone else None
    reader = Reader(source, lang, zones, zone or TIMEZONE, zone is not None, calendar.lines)
    classifier = Classifier(config, calendar.name)
    window = expansion_window(config, reader, calendar.events)
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
    if reader.cancelled:  # one line for them all, as for a school system's export
        tally = tally or Tally("ical")
        found.append(tally.summary(source, WITHDRAWN, reader.cancelled, "export_cancelled", lang))
    if not rows:
        found.sort(key=lambda p: (p.row or 0, p.column or ""))
        return empty_table(), found
    columns = zip(_CELL_COLUMNS, zip(*rows, strict=True), strict=True)
    cells = pd.DataFrame({name: pd.Series(values, dtype="str") for name, values in columns})
    cells["id"] = _unique_ids(cells["id"])
    # The cells already have our column names: a school's `[import] columns` must not rename
    # them again.
    plain = dataclasses.replace(config, imports=dataclasses.replace(config.imports, columns={}))
    table, bad_cells = finalize(cells, source, plain, rows=numbers, tally=tally)
    found += bad_cells
    found.sort(key=lambda p: (p.row or 0, p.column or ""))
    return table, found


def _unique_ids(ids: pd.Series) -> pd.Series:
    """Ids from UIDs, blanked where a broken export repeats one (they are derived instead)."""
    repeated = ids.duplicated(keep=False) & (ids != "")
    return ids.where(~repeated, "")
