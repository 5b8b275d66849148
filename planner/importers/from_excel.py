"""Excel plans (.xlsx, .xlsm): every sheet holding a plan, as a long table or a planner grid.

Which sheets: `[import] sheet` when set (a name that does not exist is an error naming the
sheets that do), else every visible worksheet; a sheet with no plan on it (notes, a legend) is
left out, and a workbook with no plan at all is an error. A sheet is read as (`[import] layout`):

- long: one row per assessment. Teachers keep a title or two above the table, so the header is
  the first row (of the first 30) that holds the required columns (in English or Dutch: Datum,
  Klas, Vak, Soort; or the school's own names from `[import] columns`).
- grid: a planner with days down and subjects or groups across (see `excel_grid`).
- auto (the default): long where a sheet has such a header, else grid where the sheet is one
  and at least one of its cells names a kind (PW, SO, ...).

Cells become the text `finalize` reads: real Excel dates and times as ISO text, date serial
numbers in a date column as dates, dates typed as text as they are. Merged cells count for
every cell they cover (see `excel_book`). Every row keeps its spreadsheet row number; the
source is the file name, with the sheet's name (`plan.xlsx[Periode 3]`) when the workbook has
more than one sheet. How the file is opened and what is refused before that: `excel_book`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from planner.config import SchoolConfig
from planner.errors import InvalidInput
from planner.i18n import Msg
from planner.importers import exports
from planner.importers.common import column_of, finalize, read_positions
from planner.importers.excel_book import Cell, Sheet, cell_text, column_texts, is_blank, read_book
from planner.importers.excel_grid import GridReader, find_grid
from planner.importers.sources import Tally
from planner.model import REQUIRED, ImportProblem, empty_table

# How far down a sheet the header may be (title rows, a logo, a legend above the table).
HEADER_SEARCH_ROWS = 30


def read_excel_plan(
    path: str | Path, config: SchoolConfig, tally: Tally | None = None
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """The plan in every sheet that holds one; bad rows and cells become problems."""
    path = Path(path)
    tally = tally or Tally("excel")
    book = read_book(path, config)
    named = len(book.names) > 1
    tables, problems = [], []
    for sheet in book.sheets:
        if sheet.empty:
            continue
        source = f"{path.name}[{sheet.name}]" if named else path.name
        found = read_sheet(sheet, source, config, tally)
        if found is None:
            continue
        tables.append(found[0])
        problems.extend(found[1])
    # Empty: every sheet read was, and they were all the sheets there are (or the one asked
    # for; then it is named). With hidden sheets left out, there is just no plan.
    asked = config.imports.sheet is not None
    if (asked or len(book.sheets) == len(book.names)) and all(s.empty for s in book.sheets):
        where = f"{path.name}[{book.sheets[0].name}]" if asked and named else path.name
        raise InvalidInput(Msg("excel_empty"), source=where)
    if not tables:
        raise InvalidInput(_no_plan(config.imports.layout), source=path.name)
    tables = [t for t in tables if not t.empty]
    table = pd.concat(tables, ignore_index=True) if tables else empty_table()
    return table, problems


def _no_plan(layout: str) -> Msg:
    wanted, rows = ", ".join(REQUIRED), HEADER_SEARCH_ROWS
    if layout == "long":
        return Msg("no_sheet", wanted=wanted, rows=rows)
    if layout == "grid":
        return Msg("excel_no_grid", rows=rows)
    return Msg("excel_no_plan", wanted=wanted, rows=rows)


def read_sheet(
    sheet: Sheet, source: str, config: SchoolConfig, tally: Tally | None = None
) -> tuple[pd.DataFrame, list[ImportProblem]] | None:
    """One sheet's plan, or None when the sheet holds none in the configured layout."""
    tally = tally or Tally("excel")
    layout = config.imports.layout
    mapping = config.imports.columns
    if layout in ("auto", "long"):
        header = find_header(sheet.rows, mapping)
        if header is not None:
            cells, rows, labels = sheet_cells(sheet.rows, header, mapping)
            return finalize(cells, source, config, rows=rows, labels=labels, tally=tally)
        if layout == "long":
            return None
    shape = find_grid(sheet.rows, mapping)
    if shape is None:
        return None
    result = GridReader(config).read(sheet.rows, shape, sheet.name, source)
    if layout == "auto" and result.kinds_found == 0:
        return None  # dates down and words across, but no test in it: not a plan
    if tally.system is None:
        tally.system = "excel-grid"
    table, found = finalize(result.cells, source, config, rows=result.rows, tally=tally)
    # One date cell stands for every assessment of its row: report it once.
    position = {"date": result.date_position}
    ranked = [(row, pos, p) for row, pos, p in result.problems]
    seen: set[tuple[int | None, str | None, str | None]] = set()
    for p in found:
        key = (p.row, p.column, p.value)
        if key not in seen:
            seen.add(key)
            ranked.append((p.row or 0, position.get(p.column or "", 10**6), p))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return table, [p for _, _, p in ranked]


def find_header(rows: Sequence[Sequence[Cell]], mapping: Mapping[str, str]) -> int | None:
    """Index of the first row holding every required column name (or its Dutch alias); the
    kind may be missing from a school system's exam list, where every row is a test."""
    for i in range(min(len(rows), HEADER_SEARCH_ROWS)):
        labels = [cell_text(v) for v in rows[i] if not is_blank(v)]
        names = {column_of(label, mapping) for label in labels}
        wanted = [c for c in REQUIRED if c != "kind" or not exports.lists_exams(labels)]
        if all(column in names for column in wanted):
            return i
    return None


def sheet_cells(
    rows: Sequence[Sequence[Cell]], header: int, mapping: Mapping[str, str]
) -> tuple[pd.DataFrame, list[int], list[str]]:
    """The rows under the header as text cells, their spreadsheet row numbers, and the
    header's labels. Only the columns `finalize` reads become cells (`read_positions`): a
    sheet may be 16384 columns wide, and the rest is never looked at."""
    labels = list(rows[header])
    names = [_header_name(v, n) for n, v in enumerate(labels)]
    body = rows[header + 1 :]
    numbers = list(range(header + 2, header + 2 + len(body)))
    if labels in body:  # the header repeated further down (a pasted second block)
        keep = [n for n, row in enumerate(body) if list(row) != labels]
        body = [body[n] for n in keep]
        numbers = [numbers[n] for n in keep]
    columns = {n: [row[n] for row in body] for n in read_positions(names, mapping)}
    # Empty columns without a heading (the sheet is as wide as its widest row) are left out.
    used = [
        n
        for n, values in columns.items()
        if not is_blank(labels[n]) or not all(is_blank(v) for v in values)
    ]
    data = {n: column_texts(columns[n], column_of(names[n], mapping)) for n in used}
    # Columns keep the names the teacher wrote; `finalize` maps them and resolves duplicates.
    cells = pd.DataFrame(data, dtype="str")
    cells.columns = pd.Index([names[n] for n in used])
    written = [names[n] for n, label in enumerate(labels) if n in columns or not is_blank(label)]
    return cells, numbers, written


def _header_name(value: Cell, position: int) -> str:
    return f"column {position + 1}" if is_blank(value) else cell_text(value).strip()
