"""Reads the lesson timetable (group, subject, weekday, period) from CSV or Excel.

On which days a group has a subject (planner.lessons), so that a suggested date is a day with a
lesson of it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg, problem
from planner.importers.common import normalise_group
from planner.importers.excel_book import cell_text, is_blank, read_book
from planner.importers.from_csv import read_csv_cells
from planner.lessons import Lessons
from planner.model import ImportProblem
from planner.vocabulary import weekday_number

ALIASES = {
    "group": ("group", "groep", "klas", "lesgroep", "cluster", "class"),
    "subject": ("subject", "vak", "vakcode"),
    "weekday": ("weekday", "weekdag", "dag", "day"),
    "period": ("period", "lesuur", "uur", "hour"),
}


def file_format(path: Path) -> str:
    """A timetable is a workbook by its extension, else a text table."""
    return "excel" if path.suffix.lower() in (".xlsx", ".xlsm") else "csv"


def read_lessons(
    path: str | Path, config: SchoolConfig | None = None, lang: str = "nl"
) -> tuple[Lessons, pd.DataFrame, list[ImportProblem]]:
    """The lesson timetable, its rows (group, subject, weekday 0-6, period) and the rows it
    could not read (a missing cell, a day that is no weekday); the good rows always load."""
    path = Path(path)
    config = config or SchoolConfig()
    if file_format(path) == "excel":
        cells, rows, problems = _excel_cells(path, config)
    else:
        cells, rows, problems = read_csv_cells(path, config.imports, lang)
    lower = {str(c).strip().lower(): c for c in cells.columns}
    found = {
        name: next((lower[a] for a in aliases if a in lower), None)
        for name, aliases in ALIASES.items()
    }
    if any(found[n] is None for n in ("group", "subject", "weekday")):
        raise InvalidInput(
            Msg("timetable_columns", found=", ".join(map(str, cells.columns))), source=path.name
        )
    good = []
    for record, row in zip(cells.to_dict("records"), rows, strict=True):
        values = {n: str(record[c]).strip() if c is not None else "" for n, c in found.items()}
        if not any(values.values()):
            continue
        missing = next((n for n in ("group", "subject", "weekday") if not values[n]), None)
        if missing is not None:
            column = str(found[missing])
            message = problem("empty", lang, column=column)
            problems.append(ImportProblem(path.name, int(row), column, "", message))
            continue
        day = weekday_number(values["weekday"])
        if day is None:
            column = str(found["weekday"])
            message = problem("weekday", lang)
            problems.append(ImportProblem(path.name, int(row), column, values["weekday"], message))
            continue
        good.append((values["group"], values["subject"], day, values["period"]))
    frame = pd.DataFrame(good, columns=["group", "subject", "weekday", "period"])
    frame["group"] = normalise_group(frame["group"].astype("str"))
    problems.sort(key=lambda p: p.row or 0)
    return Lessons.from_frame(frame), frame, problems


def _excel_cells(
    path: Path, config: SchoolConfig
) -> tuple[pd.DataFrame, list[int], list[ImportProblem]]:
    """The first sheet with something on it: its first filled row is the header."""
    book = read_book(path, config)
    sheet = next((s for s in book.sheets if not s.empty), None)
    if sheet is None:
        raise InvalidInput(Msg("empty_file"), source=path.name)
    start = next(i for i, r in enumerate(sheet.rows) if any(not is_blank(v) for v in r))
    header = [cell_text(v) for v in sheet.rows[start]]
    body = sheet.rows[start + 1 :]
    width = len(header)
    texts = [[cell_text(v) for v in (r + [None] * width)[:width]] for r in body]
    frame = pd.DataFrame(texts, columns=header, dtype="str")
    return frame, list(range(start + 2, start + 2 + len(body))), []
