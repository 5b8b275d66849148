"""The wide planner grid: one row per day, one column per subject or per group.

    Toetsplanning 2A                        Week | Dag | 2A             | 2B
    Klas: 2A                                11   | ma  | wiskunde PW H3 |
    Datum      | Nederlands | wiskunde           | di  |                | Engels SO unit 4
    ma 9 mrt   | PW H4      | SO hfst 3 + HW 12  | ...

How a grid is found and read:

- the header row is the first row (of the first 30) whose leading columns (at most three) are
  headed Datum, Dag, Week (or are blank) and hold dates, week numbers or day names in the rows
  below, with labels to their right; a header with a group, subject or kind column (Klas, Vak,
  Soort) is a long table missing a column, not a grid. The corner cell may also name the
  week the grid is for (`Week 11`, `wk 11`), which is then the week of rows that name only a
  day (`ma`, `di`); any other label there (`kolom 1`) is a long table's, to be mapped.
- the date of a row: a real Excel date or a date serial number in a leading cell; else a typed
  date (`10-03-2026`, `di 10-3-2026`, `di 10 maart 2026`, checked by `finalize`, the weekday
  too); else a date without a year
  (`ma 9 mrt`, `9-3`) or a week and a day (`week 11` + `ma`, or a Week column with 11), placed
  in the school year: `[calendar] start`/`end`, else a title such as "Schooljaar 2025-2026".
- the columns are groups when most labels look like one (`2A`, `4H1`, `4h.wisB`, `H5a`), else
  subjects. A column headed Opmerkingen (notes) gives the notes of its row; other columns whose
  label is a Toetsplanner column (Docent, Omschrijving, ...) are not assessments.
- a cell holds one or more assessments, split on `+`, `;` and line breaks (`PW H4 + HW blz 12`).
  The kind is the first kind alias of the school found as a word; the title is the rest.
  With subjects across, the group comes from a `Klas:`/`Groep:` cell above the header, else the
  sheet's name if it is a group. With groups across, the subject is the leading words before
  the kind (`wiskunde PW H3`), or the previous part's subject in the same cell, or a `Vak:` cell
  above the header.
- what cannot be read is an ImportProblem with the spreadsheet row and the column's label (or
  `date` for the date of the row), never a guess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from planner.config import SchoolConfig
from planner.i18n import problem
from planner.importers.excel_book import Cell, cell_text, is_blank, serial_date
from planner.model import ImportProblem, canonical_column
from planner.vocabulary import is_group_name, month_number, weekday_of_name, whole_words

HEADER_SEARCH_ROWS = 30
MAX_KEY_COLUMNS = 3
LOOK_AHEAD = 15  # rows under a header looked at to recognise a date column
KEY_WORDS = {"datum", "date", "dag", "day", "dagen", "days", "dates", "datums"}
WEEK_WORDS = {"week", "wk", "weeknr", "weeknr.", "weeknummer", "lesweek", "wknr", "weken"}
_WEEK_TEXT = re.compile(r"^(?:week|wk|w)\.?\s*(\d{1,2})\b[\s,:]*(.*)$")
_YEARLESS = re.compile(r"^(\d{1,2})(?:\s*([a-z]+)\.?|\s*[-/.]\s*(\d{1,2})\.?)$")
_LABELLED = re.compile(r"\b(klas|groep|lesgroep|class|group|vak|subject)\s*:\s*(.*)$", re.I)
_SCHOOL_YEAR = re.compile(r"\b(20\d\d)\s*[-/–]\s*(20\d\d|\d\d)\b")
_PARTS = re.compile(r"\s*(?:\+|;|\r\n|\n|\r)\s*")
_EDGES = " \t-–—:;,|"


@dataclasses.dataclass(frozen=True, slots=True)
class GridShape:
    """Where the grid is: its header row, the columns holding the date of a row (and which of
    those hold week numbers), the assessment columns and the notes columns."""

    header: int
    keys: tuple[int, ...]
    weeks: frozenset[int]
    columns: tuple[tuple[int, str], ...]  # (column index, label)
    unlabelled: tuple[int, ...]  # columns with no label (their cells are reported)
    notes: tuple[int, ...]
    by_group: bool
    week: int | None = None  # a corner cell's week (`Week 11`): rows with only a day are in it


@dataclasses.dataclass(slots=True)
class GridResult:
    """Raw cells for `finalize`, their spreadsheet rows, and what could not be read."""

    cells: pd.DataFrame
    rows: list[int]
    problems: list[tuple[int, int, ImportProblem]]  # (row, column position, problem)
    kinds_found: int
    date_position: int


def find_grid(rows: Sequence[Sequence[Cell]], mapping: Mapping[str, str]) -> GridShape | None:
    """The first header row (of the first 30) with date columns on its left, or None."""
    for h in range(min(len(rows), HEADER_SEARCH_ROWS)):
        shape = _shape_at(rows, h, mapping)
        if shape is not None:
            return shape
    return None


def _shape_at(
    rows: Sequence[Sequence[Cell]], h: int, mapping: Mapping[str, str]
) -> GridShape | None:
    row = rows[h]
    window = rows[h : h + LOOK_AHEAD + 1]
    lead = next(
        (c for c in range(len(row)) if any(not is_blank(r[c]) for r in window if c < len(r))),
        None,
    )
    if lead is None:
        return None
    keys: list[int] = []
    weeks: set[int] = set()
    for c in range(lead, min(lead + MAX_KEY_COLUMNS, len(row))):
        label = _label(row[c]).casefold()
        if label in WEEK_WORDS:
            weeks.add(c)
        elif not (
            label in KEY_WORDS
            # a blank corner, or one naming the grid's week (`Week 11`), over dates
            or ((not label or (c == lead and _WEEK_TEXT.match(label))) and _key_column(rows, h, c))
        ):
            break
        keys.append(c)
    if not keys:
        return None
    first = next(
        (i for i in range(h + 1, len(rows)) if any(not is_blank(v) for v in rows[i])), None
    )
    if first is None or not any(_key_like(rows[first][c], c in weeks) for c in keys):
        return None
    columns: list[tuple[int, str]] = []
    notes: list[int] = []
    unlabelled: list[int] = []
    for c in range(keys[-1] + 1, len(row)):
        label = _label(row[c])
        if not label:
            unlabelled.append(c)
            continue
        name = mapping.get(label.casefold()) or canonical_column(label)
        if name in ("group", "subject", "kind"):
            return None  # a long table that misses a required column, not a grid
        if name == "notes":
            notes.append(c)
        elif name in _NOT_ASSESSMENTS:
            continue
        else:
            columns.append((c, label))
    if not columns:
        return None
    groups = sum(1 for _, label in columns if is_group_name(label))
    return GridShape(
        header=h,
        keys=tuple(keys),
        weeks=frozenset(weeks),
        columns=tuple(columns),
        unlabelled=tuple(unlabelled),
        notes=tuple(notes),
        by_group=groups * 2 > len(columns),
        week=_corner_week(_label(row[lead]).casefold()),
    )


def _corner_week(label: str) -> int | None:
    """The week a corner cell names on its own (`Week 11`, `wk. 11`), else None."""
    match = _WEEK_TEXT.match(label)
    if match is None or match.group(2).strip():
        return None
    number = int(match.group(1))
    return number if 1 <= number <= 53 else None


_NOT_ASSESSMENTS = {
    "id", "date", "start", "end", "period", "weight", "minutes", "title", "teacher",
    "announced", "locked",
}  # fmt: skip


def _label(value: Cell) -> str:
    return "" if is_blank(value) else cell_text(value).strip()


def _key_column(rows: Sequence[Sequence[Cell]], h: int, c: int) -> bool:
    below = rows[h + 1 : h + 1 + LOOK_AHEAD]
    return any(_key_like(r[c], False) for r in below if c < len(r))


def _key_like(value: Cell, week_column: bool) -> bool:
    """A cell that gives (part of) the date of a grid row."""
    if is_blank(value) or isinstance(value, bool):
        return False
    if isinstance(value, dt.date):
        return True
    if week_column:
        return _week_number(value) is not None or _key_text(cell_text(value))
    if isinstance(value, int | float):
        return serial_date(value) is not None
    return _key_text(str(value))


def _key_text(text: str) -> bool:
    low = text.strip().casefold()
    if _WEEK_TEXT.match(low):
        return True
    word = low.partition(" ")[0]
    if weekday_of_name(word.rstrip(".,")) is not None:
        return True
    return bool(_YEARLESS.match(low) or _looks_like_full_date(low))


def _looks_like_full_date(low: str) -> bool:
    return bool(
        re.fullmatch(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}", low)
        or (
            re.fullmatch(r"\d{1,2}\s+[a-z]+\.?\s+\d{4}", low)
            and month_number(low.split()[1]) is not None
        )
    )


def _week_number(value: Cell) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= 53 else None


# --- reading --------------------------------------------------------------------------------


class GridReader:
    """Reads the cells of one grid into raw rows for `finalize`."""

    def __init__(self, config: SchoolConfig) -> None:
        self.config = config
        self.kind_word = whole_words(config.kind_lookup())
        self.known = ", ".join(sorted({a for k in config.kinds.values() for a in k.aliases}))

    def read(
        self, rows: Sequence[Sequence[Cell]], shape: GridShape, sheet_name: str, source: str
    ) -> GridResult:
        lang = self.config.language
        above = rows[: shape.header]
        span = school_year(self.config, above, sheet_name)
        group = (
            ""
            if shape.by_group
            else _labelled(above, ("klas", "groep", "lesgroep", "class", "group"))
        )
        if not shape.by_group and not group and is_group_name(sheet_name.strip()):
            group = sheet_name.strip()
        subject = _labelled(above, ("vak", "subject")) if shape.by_group else ""
        position = {c: n for n, (c, _) in enumerate(shape.columns)}
        date_position = -1
        out: dict[str, list[str]] = {
            k: [] for k in ("date", "group", "subject", "kind", "title", "notes")
        }
        numbers: list[int] = []
        found: list[tuple[int, int, ImportProblem]] = []
        kinds_found = 0
        header = list(rows[shape.header])

        def report(row: int, pos: int, column: str, value: str, key: str, **values: object) -> None:
            message = problem(key, lang, **values)
            found.append((row, pos, ImportProblem(source, row, column, value, message)))

        for i in range(shape.header + 1, len(rows)):
            cells = rows[i]
            if list(cells) == header:
                continue  # the header repeated further down
            filled = [(c, label, cells[c]) for c, label in shape.columns if not is_blank(cells[c])]
            stray = [c for c in shape.unlabelled if not is_blank(cells[c])]
            if not filled and not stray:
                continue
            number = i + 1
            day, day_problem = resolve_date(
                [cells[c] for c in shape.keys],
                [c in shape.weeks for c in shape.keys],
                span,
                shape.week,
            )
            notes = "; ".join(_label(cells[c]) for c in shape.notes if not is_blank(cells[c]))
            for c in stray:
                report(
                    number,
                    len(position) + c,
                    f"column {c + 1}",
                    _label(cells[c]),
                    "grid_no_heading",
                )
            date_reported = False
            for c, label, value in filled:
                carried = subject
                for part in split_cell(cell_text(value)):
                    match = self.kind_word.search(part)
                    if match is None:
                        report(number, position[c], label, part, "grid_no_kind", known=self.known)
                        continue
                    kinds_found += 1
                    before, after = part[: match.start()], part[match.end() :]
                    if shape.by_group:
                        own, rest = leading_subject(before)
                        carried = own or carried
                        if not carried:
                            report(number, position[c], label, part, "grid_no_subject")
                            continue
                        row_group, row_subject, title = label, carried, f"{rest} {after}"
                    else:
                        if not group:
                            report(number, position[c], label, part, "grid_no_group")
                            continue
                        row_group, row_subject, title = group, label, f"{before} {after}"
                    if day_problem is not None:
                        if not date_reported:
                            report(number, date_position, "date", day, day_problem)
                            date_reported = True
                        continue
                    out["date"].append(day)
                    out["group"].append(row_group)
                    out["subject"].append(row_subject)
                    out["kind"].append(match.group(0))
                    out["title"].append(clean(title))
                    out["notes"].append(notes)
                    numbers.append(number)
        return GridResult(
            pd.DataFrame(out, dtype="str"), numbers, found, kinds_found, date_position
        )


def split_cell(text: str) -> list[str]:
    """`PW H4 + HW blz 12` -> two assessments; also `;` and line breaks."""
    return [p.strip() for p in _PARTS.split(text) if p.strip(_EDGES)]


def leading_subject(text: str) -> tuple[str, str]:
    """The leading words before the kind (up to a word with a digit), and what is left."""
    words = text.split()
    taken: list[str] = []
    for word in words:
        if any(ch.isdigit() for ch in word):
            break
        taken.append(word)
    subject = " ".join(taken).strip(_EDGES + ".")
    return subject, " ".join(words[len(taken) :])


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(_EDGES)


def _labelled(rows: Sequence[Sequence[Cell]], words: tuple[str, ...]) -> str:
    """The value of a `Klas: 2A` (or `Vak: wiskunde`) cell, or of the cell after `Klas:`."""
    for row in rows:
        for n, value in enumerate(row):
            if not isinstance(value, str):
                continue
            match = _LABELLED.search(value)
            if match is None or match.group(1).casefold() not in words:
                continue
            found = match.group(2).strip()
            if not found:
                found = next((_label(v) for v in row[n + 1 :] if not is_blank(v)), "")
            if found:
                return found
    return ""


# --- dates ----------------------------------------------------------------------------------

Span = tuple[dt.date, dt.date]


def school_year(
    config: SchoolConfig, above: Sequence[Sequence[Cell]], sheet_name: str
) -> Span | None:
    """The school year a date without a year falls in: the config's, else a title's."""
    if config.start is not None or config.end is not None:
        start = config.start or (config.end - dt.timedelta(days=364) if config.end else None)
        end = config.end or (config.start + dt.timedelta(days=364) if config.start else None)
        assert start is not None and end is not None
        return start, end
    texts = [sheet_name] + [v for row in above for v in row if isinstance(v, str)]
    for text in texts:
        match = _SCHOOL_YEAR.search(text)
        if match is None:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        second = second + 2000 if second < 100 else second
        if second == first + 1:
            return dt.date(first, 8, 1), dt.date(second, 7, 31)
    return None


def resolve_date(
    values: Sequence[Cell],
    weeks: Sequence[bool],
    span: Span | None,
    grid_week: int | None = None,
) -> tuple[str, str | None]:
    """The date text of a grid row for `finalize`, and a problem key when it cannot be known.
    `grid_week` is the week of a row that names only a day (a corner `Week 11`). A weekday
    written with a date goes to `finalize` with it, which reports a date it does not fall on."""
    texts: list[str] = []
    week: int | None = None
    for value, week_column in zip(values, weeks, strict=True):
        if is_blank(value):
            continue
        if isinstance(value, dt.date):
            return cell_text(value, "date"), None
        if week_column and _week_number(value) is not None:
            week = _week_number(value)
            continue
        serial = None if week_column else serial_date(value)
        if serial is not None:
            return serial.isoformat(), None
        texts.append(cell_text(value).strip())
    shown = " ".join(([f"week {week}"] if week is not None else []) + texts)
    weekday: int | None = None
    day_word = ""
    for text in texts:
        low = text.casefold()
        match = _WEEK_TEXT.match(low)
        if match is not None:
            week = int(match.group(1))
            low = match.group(2).strip()
        word, _, rest = low.partition(" ")
        named = weekday_of_name(word.rstrip(".,"))
        dated = low
        if named is not None:
            weekday, day_word = named, word.rstrip(".,")
            low = rest.strip(" ,")
        if not low:
            continue
        yearless = _YEARLESS.fullmatch(low)
        if yearless is not None:
            day = int(yearless.group(1))
            month = month_number(yearless.group(2) or "") or int(yearless.group(3) or 0)
            if not 1 <= month <= 12:
                return shown, None
            if span is None:
                return shown, "grid_no_year"
            found = in_school_year(_calendar_date(month, day), span)
            if found is None:
                return shown, None
            return f"{day_word} {found.isoformat()}".strip(), None
        # a typed date with its year (or no date at all): `finalize` reads or reports it
        return (dated if _looks_like_full_date(low) else shown), None
    if week is None and weekday is not None:
        week = grid_week
    if week is None:
        return shown, None
    if weekday is None:
        return shown, "grid_no_day"
    if span is None:
        return shown, "grid_no_year"
    number, day_of_week = week, weekday + 1
    found = in_school_year(lambda y: dt.date.fromisocalendar(y, number, day_of_week), span)
    return (found.isoformat(), None) if found else (shown, None)


def _calendar_date(month: int, day: int) -> Callable[[int], dt.date]:
    return lambda year: dt.date(year, month, day)


def in_school_year(make: Callable[[int], dt.date], span: Span) -> dt.date | None:
    """The date in the school year (or the one nearest to it) that `make` gives for a year."""
    start, end = span
    found: list[dt.date] = []
    for year in range(start.year - 1, end.year + 2):
        try:
            day = make(year)
        except ValueError:
            continue
        if start <= day <= end:
            return day
        found.append(day)
    if not found:
        return None
    return min(found, key=lambda d: min(abs((d - start).days), abs((d - end).days)))
