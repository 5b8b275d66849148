"""Excel plans (.xlsx, .xlsm): every sheet with a date, group, subject and kind column.

Teachers keep a title or two above the table, so the header is the first row that holds the
required columns (in English or Dutch: Datum, Klas, Vak, Soort). Real Excel dates and times are
written out as ISO text, so that `finalize` reads them like any typed date, and every row keeps
its spreadsheet row number for the problems it may cause.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
import python_calamine

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers.common import finalize
from planner.model import REQUIRED, ImportProblem, canonical_column, empty_table

# How far down a sheet the header may be (title rows, a logo, a legend above the table).
HEADER_SEARCH_ROWS = 30
# Excel's day 0: serial numbers in a date column that was not formatted as a date.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = range(20_000, 80_000)  # 1954 .. 2119: anything else is not a plausible date
_DATE_COLUMNS = ("date", "announced")
_TIME_COLUMNS = ("start", "end")


def read_excel_plan(
    path: str | Path, config: SchoolConfig
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """The plan in every sheet that has the required columns; bad rows become problems."""
    path = Path(path)
    sheets = read_sheets(path)
    tables, problems = [], []
    for name, grid in sheets.items():
        header = find_header(grid)
        if header is None:
            continue
        source = path.name if len(sheets) == 1 else f"{path.name}[{name}]"
        cells, rows = sheet_cells(grid, header)
        table, found = finalize(cells, source, config, rows=rows)
        tables.append(table)
        problems.extend(found)
    if not tables:
        wanted = ", ".join(REQUIRED)
        raise InvalidInput(
            Msg("no_sheet", wanted=wanted, rows=HEADER_SEARCH_ROWS),
            source=path.name,
        )
    tables = [t for t in tables if not t.empty]
    table = pd.concat(tables, ignore_index=True) if tables else empty_table()
    return table, problems


def read_sheets(path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet as a grid of raw cells; grid row i is spreadsheet row i + 1."""
    if not path.exists():
        raise InvalidInput(Msg("file_not_found"), source=path.name)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine", dtype=object)
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        # Not a workbook, a broken or password-protected one, or no permission to read it.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InvalidInput(Msg("bad_excel", reason=reason), source=path.name) from None
    return {str(name): grid for name, grid in sheets.items()}


def find_header(grid: pd.DataFrame) -> int | None:
    """Index of the first row holding every required column name (or its Dutch alias)."""
    for i in range(min(len(grid), HEADER_SEARCH_ROWS)):
        names = {canonical_column(str(v)) for v in grid.iloc[i] if not _is_blank(v)}
        if all(column in names for column in REQUIRED):
            return i
    return None


def sheet_cells(grid: pd.DataFrame, header: int) -> tuple[pd.DataFrame, list[int]]:
    """The rows under the header as text cells, and their spreadsheet row numbers."""
    names = [_header_name(v, n) for n, v in enumerate(grid.iloc[header])]
    kinds = [canonical_column(name) for name in names]
    body = grid.iloc[header + 1 :]
    records = [
        [_cell_text(value, kinds[n]) for n, value in enumerate(row)]
        for row in body.itertuples(index=False, name=None)
    ]
    # Columns keep the names the teacher wrote; `finalize` maps them and resolves duplicates.
    cells = pd.DataFrame(records, columns=pd.Index(names), dtype="str")
    rows = [int(i) + 1 for i in body.index]
    return cells, rows


def _header_name(value: Any, position: int) -> str:
    return f"column {position + 1}" if _is_blank(value) else str(value).strip()


def _is_blank(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _cell_text(value: Any, column: str) -> str:
    """A cell as the text `finalize` understands: ISO dates, HH:MM times, plain numbers."""
    if _is_blank(value):
        return ""
    if isinstance(value, dt.datetime):
        if column in _TIME_COLUMNS:
            return f"{value:%H:%M}"
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, dt.timedelta):  # a duration cell: the time of day it stands for
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        if column in _DATE_COLUMNS and float(value).is_integer() and int(value) in _SERIALS:
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value).strip()
