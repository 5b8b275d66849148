"""How a file was read, said back to the user: the reader that recognised it and the rows it
left out, by reason ("Zermelo appointments (API v3): 412 rows; 3 withdrawn, 1200 lessons").

A `Tally` goes along with one file's read: the container (csv, excel, ical, json) and the
school system an export is from are noted where they are recognised, and every row that is
left out on purpose is counted where that is decided. `Tally.source` turns it into the plan's
`Source` at the end; rows left out because a cell could not be read are counted from the
problems, so no reader has to count them twice.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Iterable

import pandas as pd

from planner.i18n import Lang, catalogue, problem
from planner.model import ImportProblem, Source

# Why rows were left out (the keys of Source.left_out, a contract of `planner check --format
# json`).
WITHDRAWN = "withdrawn"  # cancelled, moved away from, an old version
NO_ASSESSMENT = "no-assessment"  # a lesson, a note: not a test or homework
NO_DAY = "no-day"  # given for a week, not a day
UNREADABLE = "unreadable"  # a cell that could not be read (see the problems)
REPEATED = "repeated"  # another file already holds it
REASONS = (WITHDRAWN, NO_ASSESSMENT, NO_DAY, UNREADABLE, REPEATED)

_WORDS = catalogue(
    __name__,
    {
        "csv": {"nl": "CSV-tabel", "en": "CSV table"},
        "excel": {"nl": "Excel-werkboek", "en": "Excel workbook"},
        "excel-grid": {"nl": "Excel-weekrooster", "en": "Excel week grid"},
        "ical": {"nl": "iCal-agenda", "en": "iCal calendar"},
        "json": {"nl": "JSON-lijst", "en": "JSON list"},
        "magister-agenda": {"nl": "Magister-agenda (afspraken)", "en": "Magister agenda items"},
        "somtoday-studiewijzer": {
            "nl": "Somtoday-studiewijzer (toekenningen)",
            "en": "Somtoday study guide (assignments)",
        },
        "zermelo-appointments": {
            "nl": "Zermelo-afspraken (API v3)",
            "en": "Zermelo appointments (API v3)",
        },
        "zermelo-liveschedule": {
            "nl": "Zermelo-rooster (liveschedule)",
            "en": "Zermelo live schedule",
        },
        "webuntis-exams": {"nl": "WebUntis-toetsen (exams)", "en": "WebUntis exams"},
        "untis-gpu017": {"nl": "Untis-toetsen (GPU017)", "en": "Untis exams (GPU017)"},
        "untis-klausuren": {
            "nl": "Untis-toetsenlijst (Klausuren)",
            "en": "Untis exam list (Klausuren)",
        },
        # why rows were left out
        "withdrawn": {"nl": "vervallen of verplaatst", "en": "withdrawn or moved"},
        "no-assessment": {"nl": "geen toets of huiswerk", "en": "not a test or homework"},
        "no-day": {"nl": "zonder dag", "en": "without a day"},
        "unreadable": {"nl": "niet te lezen", "en": "unreadable"},
        "repeated": {"nl": "al in een ander bestand", "en": "already in another file"},
        "rows.one": {"nl": "rij", "en": "row"},
        "rows.many": {"nl": "rijen", "en": "rows"},
        "left_out": {"nl": "weggelaten", "en": "left out"},
        "read_as": {"nl": "gelezen als", "en": "read as"},
    },
)


@dataclasses.dataclass
class Tally:
    """What one file's read has found out about the file so far."""

    container: str  # csv, excel, ical, json: what the bytes are
    system: str | None = None  # the school system's export it is (a key of _WORDS), if any
    left_out: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    # Rows left out on purpose that also have a problem of their own (a week without a day):
    # counted under their reason, not again as unreadable.
    accounted: set[tuple[str, int]] = dataclasses.field(default_factory=set)

    def leave_out(self, reason: str, count: int, rows: Iterable[tuple[str, int]] = ()) -> None:
        if count:
            self.left_out[reason] += count
        self.accounted.update(rows)

    def summary(self, source: str, reason: str, count: int, key: str, lang: str) -> ImportProblem:
        """Rows left out on purpose, counted under `reason`, and the one line for the file
        that says so (message `key`, e.g. "withdrawn or moved items left out: 3")."""
        self.leave_out(reason, count)
        return ImportProblem(source, None, None, None, problem(key, lang, count=count))

    @property
    def reader(self) -> str:
        return self.system or self.container

    def source(self, name: str, table: pd.DataFrame, problems: Iterable[ImportProblem]) -> Source:
        """The file as read: rows kept, and rows left out by reason; a row with a problem that
        is not in the table was left out because a cell could not be read."""
        kept = set(zip(table["source"], table["row"], strict=True)) if len(table) else set()
        bad = {(p.source, p.row) for p in problems if p.row is not None} - kept - self.accounted
        counts = collections.Counter(self.left_out)
        counts[UNREADABLE] += len(bad)
        left_out = {reason: counts[reason] for reason in REASONS if counts[reason]}
        reader = self.reader
        english = _WORDS[reader]["en"] if reader in _WORDS else reader
        return Source(name, reader, self.container, len(table), left_out, english)


def with_repeats(sources: list[Source], repeated: Iterable[ImportProblem]) -> list[Source]:
    """The sources with the rows `read_plan` dropped because an earlier file holds them."""
    counts = collections.Counter(p.source for p in repeated)
    out = []
    for source in sources:
        n = counts.get(source.name, 0)
        if n:
            left_out = dict(source.left_out)
            left_out[REPEATED] = left_out.get(REPEATED, 0) + n
            source = dataclasses.replace(source, rows=source.rows - n, left_out=left_out)
        out.append(source)
    return out


def reader_name(source: Source, lang: Lang) -> str:
    """The reader's words: `Zermelo appointments (API v3)`."""
    words = _WORDS.get(source.reader)
    return words[lang] if words else source.reader


def describe_source(source: Source, lang: Lang) -> str:
    """One line: `plan.json: read as Zermelo appointments (API v3): 412 rows; left out: 3
    withdrawn or moved, 1200 not a test or homework`."""
    what = reader_name(source, lang)
    if source.container != source.reader and source.container in _WORDS:
        what = f"{what}, {_WORDS[source.container][lang]}"
    rows = _WORDS["rows.one" if source.rows == 1 else "rows.many"][lang]
    line = f"{source.name}: {_WORDS['read_as'][lang]} {what}: {source.rows} {rows}"
    if source.left_out:
        parts = ", ".join(f"{n} {_WORDS[r][lang]}" for r, n in source.left_out.items())
        line += f"; {_WORDS['left_out'][lang]}: {parts}"
    return line
