"""Untis' exam file `GPU017.TXT` (the "Klausuren" of the German upper school): a CSV without a
header, recognised by its first record.

Its fields, in this order (SVWS-NRW's DTO `UntisGPU017`; SchulIT's untisexport-service reads
the same file; docs/research/school-systems.md section 5a):

    name; id; text; datum (yyyymmdd); vonStunde; bisStunde; kurse (`~`); unterrichte (`~`);
    schueler; lehrer (per period ` - `, within a period `~`); raeume; (an empty last field)

Every record is a test (the kind word `klausur`), one row per course in `kurse`: the course is
the group its pupils are in (`D-LK1`), its subject the part before the first `-` (`D`). The
period is `vonStunde`, the title the exam's name, the notes its text, the teachers the distinct
invigilators, and the id the exam's id with the course (`17-D-LK1`).

The pupils' field (`Nachname_Vorname_Geburtsdatum`) is never read: no name reaches the table, a
problem or a message. A record with too few fields is a problem naming its row, without its
cells. The records come from the CSV reader (planner.importers.from_csv), which detects the
delimiter and the encoding and bounds the record's length and the number of rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg, catalogue
from planner.importers.common import finalize
from planner.importers.exports import course_subject
from planner.importers.sources import Tally
from planner.model import ImportProblem

GPU017 = "untis-gpu017"  # the format id (planner.importers.sources has its words)
KIND = "klausur"  # every record is an exam
# The fields' positions; the pupils' field (8) is never read.
NAME, ID, TEXT, DATE, FIRST_PERIOD, LAST_PERIOD, COURSES = range(7)
TEACHERS = 9
# A record has 11 fields, or 12 with the empty one after the rooms.
WIDTHS = (11, 12)
_DATE = re.compile(r"\d{8}")
_PERIOD = re.compile(r"\d{1,2}")
# The pupils' field as Untis writes it (`Nachname_Vorname_20320229~...`): only tested, to know
# the file, never kept.
_PUPILS = re.compile(r"[^_~]+_[^_~]+_\d{8}(?:~|$)")
# Teachers: periods separated by ` - `, teachers within a period by `~`.
_TEACHER_SEPARATOR = re.compile(r"\s+-\s+|~")

_WORDS = catalogue(
    __name__,
    {
        "fields": {
            "nl": "Untis-toets (GPU017) met {found} velden, niet 11 (naam; id; tekst; datum; "
            "van uur; tot uur; cursussen; lessen; leerlingen; docenten; lokalen): een "
            "afgebroken of gesplitste regel?",
            "en": "Untis exam (GPU017) with {found} fields, not 11 (name; id; text; date; "
            "first period; last period; courses; lessons; pupils; teachers; rooms): a line "
            "cut short or split?",
        },
    },
)


def named_gpu017(name: str) -> bool:
    """Whether the file's name says it is Untis' exam file (`GPU017.TXT`, `gpu017 (2).csv`)."""
    return Path(name).stem.strip().casefold().startswith("gpu017")


def looks_like_gpu017(record: Sequence[str], name: str) -> bool:
    """Whether a CSV's first record is a GPU017 exam: 11 or 12 fields, the fourth a date
    yyyymmdd and the fifth and sixth periods (or the pupils' field as Untis writes it). The
    file's name (GPU017) is a hint: with it, the width or the shape of the fields is enough."""
    cells = [cell.strip() for cell in record]
    wide = len(cells) in WIDTHS
    shaped = (
        len(cells) > LAST_PERIOD
        and _DATE.fullmatch(cells[DATE]) is not None
        and _PERIOD.fullmatch(cells[FIRST_PERIOD]) is not None
        and (cells[LAST_PERIOD] == "" or _PERIOD.fullmatch(cells[LAST_PERIOD]) is not None)
    )
    pupils = wide and _PUPILS.match(cells[8]) is not None
    if wide and (shaped or pupils):
        return True
    return named_gpu017(name) and (wide or shaped)


def read_gpu017(
    records: Iterable[tuple[int, list[str]]],
    source: str,
    config: SchoolConfig,
    tally: Tally | None = None,
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """The exams of numbered records (row number, fields) as the assessment table: one row per
    course; a record of the wrong width is a problem, the others load."""
    tally = tally or Tally("csv")
    tally.system = GPU017
    lang = config.language
    limit = config.imports.max_rows
    names = ("id", "date", "period", "group", "subject", "kind", "title", "teacher", "notes")
    columns: dict[str, list[str]] = {name: [] for name in names}
    rows: list[int] = []
    problems: list[ImportProblem] = []
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        width = len(record)
        if width < WIDTHS[0] or any(cell.strip() for cell in record[WIDTHS[-1] :]):
            message = _WORDS("fields", lang, found=width)
            problems.append(ImportProblem(source, number, None, None, message))
            continue
        courses = distinct(record[COURSES].split("~")) or [""]
        if len(rows) + len(courses) > limit:
            too_many = Msg("too_many_rows_at_least", rows=len(rows) + len(courses), limit=limit)
            raise InvalidInput(too_many, source=source)
        exam = record[ID].strip()
        teachers = ", ".join(distinct(_TEACHER_SEPARATOR.split(record[TEACHERS])))
        for course in courses:
            columns["id"].append(f"{exam}-{course}" if exam and course else "")
            columns["date"].append(record[DATE].strip())
            columns["period"].append(record[FIRST_PERIOD])
            columns["group"].append(course)
            columns["subject"].append(course_subject(course))
            columns["kind"].append(KIND)
            columns["title"].append(record[NAME])
            columns["teacher"].append(teachers)
            columns["notes"].append(record[TEXT])
            rows.append(number)
    raw = pd.DataFrame(columns, dtype="str")
    raw["date"] = iso_dates(raw["date"])
    table, found = finalize(raw, source, config, rows=rows, labels=list(names), tally=tally)
    # An exam of two courses with a bad cell is one problem, not one per course.
    problems = list(dict.fromkeys(problems + found))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return table, problems


def distinct(parts: Iterable[str]) -> list[str]:
    """The filled parts, trimmed, each once, in order."""
    return list(dict.fromkeys(text for part in parts if (text := part.strip())))


def iso_dates(values: pd.Series) -> pd.Series:
    """Untis' dates yyyymmdd as ISO (`20240312` -> `2024-03-12`); a value that is no such date
    stays as written, for finalize to report."""
    text = values.fillna("").astype("str").str.strip()
    eight = text.str.fullmatch(_DATE.pattern)
    dates = pd.to_datetime(text.where(eight, ""), format="%Y%m%d", errors="coerce")
    return dates.dt.strftime("%Y-%m-%d").where(dates.notna(), text).astype("str")
