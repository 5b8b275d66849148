"""The Excel conflict report: summary, every finding with its decision, the load grid per group
and week in the dashboard's colours, the load per pupil, the import problems, and before/after.

Written with xlsxwriter with its string conversions off (`strings_to_formulas`, `_urls`,
`_numbers`): a title such as `=HYPERLINK("http://x","y")` or `+1+1` from a teacher's file stays
text in every cell (OWASP CSV injection). Dates are real Excel dates, numbers are numbers, every
table has a frozen header row and an autofilter, and columns are as wide as their content.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from planner.exporters.report import Report, decision_word, severity_word, word
from planner.i18n import Lang, catalogue, fmt_week
from planner.model import SEVERITIES
from planner.style import HEADER, HEAT_HIGH, HEAT_LOW, HEAT_MID, HOLIDAY, NOTE
from planner.testweek import WeekProblem, pupil_statistics, week_timetable, year_timetable
from planner.views.findings import assessment_ids

MAX_WIDTH = 60  # characters; longer text wraps

# Column headings, Dutch and English.
HEAD = catalogue(
    __name__,
    {
        "rule": {"nl": "regel", "en": "rule"},
        "severity": {"nl": "ernst", "en": "severity"},
        "group": {"nl": "groep", "en": "group"},
        "pupil": {"nl": "leerling", "en": "pupil"},
        "start": {"nl": "van", "en": "from"},
        "end": {"nl": "tot en met", "en": "to"},
        "tests": {"nl": "toetsen (id)", "en": "tests (id)"},
        "value": {"nl": "waarde", "en": "value"},
        "limit": {"nl": "grens", "en": "limit"},
        "message": {"nl": "bevinding", "en": "finding"},
        "reference": {"nl": "verwijzing", "en": "reference"},
        "decision": {"nl": "besluit", "en": "decision"},
        "note": {"nl": "toelichting", "en": "note"},
        "decided_by": {"nl": "door", "en": "by"},
        "decided_at": {"nl": "op", "en": "on"},
        "week": {"nl": "week", "en": "week"},
        "errors": {"nl": "fouten", "en": "errors"},
        "warnings": {"nl": "waarschuwingen", "en": "warnings"},
        "infos": {"nl": "info", "en": "infos"},
        "findings": {"nl": "bevindingen", "en": "findings"},
        "groups": {"nl": "groepen", "en": "groups"},
        "total": {"nl": "totaal", "en": "total"},
        "status": {"nl": "besluit", "en": "decision"},
        "lapsed": {"nl": "vervallen", "en": "lapsed"},
        "source": {"nl": "bestand", "en": "file"},
        "row": {"nl": "rij", "en": "row"},
        "column": {"nl": "kolom", "en": "column"},
        "cell": {"nl": "waarde", "en": "value"},
        "id": {"nl": "id", "en": "id"},
        "subject": {"nl": "vak", "en": "subject"},
        "kind": {"nl": "soort", "en": "kind"},
        "title": {"nl": "titel", "en": "title"},
        "teacher": {"nl": "docent", "en": "teacher"},
        "finding": {"nl": "nr.", "en": "no."},
        "finding_count": {"nl": "bevindingen", "en": "findings"},
        "date": {"nl": "datum", "en": "date"},
        "suggested": {"nl": "voorgestelde datum", "en": "suggested date"},
        "date_before": {"nl": "was", "en": "was"},
        "date_after": {"nl": "wordt", "en": "now"},
        "fields": {"nl": "ook gewijzigd", "en": "also changed"},
        "what": {"nl": "wat", "en": "what"},
        "figure": {"nl": "aantal", "en": "number"},
        "before": {"nl": "voor", "en": "before"},
        "after": {"nl": "na", "en": "after"},
        "load_note": {
            "nl": "Gewogen toetsbelasting per groep per week. Grijs = vakantie; dikke rand = fout, "
            "gestreepte rand = waarschuwing in die week.",
            "en": "Weighted test load per group per week. Grey = holiday; thick border = error, "
            "dashed border = warning in that week.",
        },
        "pupil_note": {
            "nl": "Per leerling (pseudoniem nummer): toetsen, weekgrens, gemiddelde en zwaarste "
            "weekbelasting, weken boven de grens, fouten en waarschuwingen. Geen namen.",
            "en": "Per pupil (pseudonymous number): tests, weekly limit, mean and heaviest weekly "
            "load, weeks over the limit, errors and warnings. No names.",
        },
        "mean": {"nl": "gemiddeld per week", "en": "mean per week"},
        "peak": {"nl": "zwaarste week", "en": "heaviest week"},
        "peak_monday": {"nl": "week van", "en": "week of"},
        "weeks_over": {"nl": "weken boven grens", "en": "weeks over limit"},
        "test_count": {"nl": "toetsen", "en": "tests"},
        "session": {"nl": "zitting", "en": "session"},
        "test": {"nl": "toets", "en": "test"},
        "pupil_count": {"nl": "leerlingen", "en": "pupils"},
        "max_per_day": {"nl": "meeste op een dag", "en": "most in a day"},
        "busy_days": {"nl": "dagen met twee of meer", "en": "days with two or more"},
        "in_row": {"nl": "achter elkaar", "en": "in a row"},
        "min_gap": {"nl": "kleinste afstand (zittingen)", "en": "smallest gap (sessions)"},
    },
)


def _h(key: str, lang: Lang) -> str:
    return HEAD[key][lang]


class _Book:
    """The workbook and its formats."""

    def __init__(self, target: io.BytesIO, lang: Lang) -> None:
        self.lang = lang
        self.book: Workbook = xlsxwriter.Workbook(
            target,
            {
                "in_memory": True,
                # users' text stays text: never a formula, a link or a number
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
                "default_date_format": "dd-mm-yyyy",
            },
        )
        add = self.book.add_format
        self.bold = add({"bold": True})
        self.title = add({"bold": True, "font_size": 16})
        self.heading = add({"bold": True, "font_size": 12})
        self.head = add({"bold": True, "bg_color": HEADER, "bottom": 1, "text_wrap": True})
        self.date = add({"num_format": "dd-mm-yyyy"})
        self.moment = add({"num_format": "dd-mm-yyyy hh:mm"})
        self.number = add({"num_format": "0.##"})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.note = add({"italic": True, "font_color": NOTE})
        self.holiday = add({"bg_color": HOLIDAY, "num_format": "0.##"})
        self.error_cell = add({"border": 5, "num_format": "0.##"})  # thick
        self.warning_cell = add({"border": 3, "num_format": "0.##"})  # dashed
        self.over = add({"border": 2, "bold": True})

    def sheet(self, key: str) -> Worksheet:
        return self.book.add_worksheet(word(key, self.lang)[:31])

    def close(self) -> None:
        self.book.close()


def excel_bytes(report: Report) -> bytes:
    """The conflict report as .xlsx bytes."""
    target = io.BytesIO()
    book = _Book(target, report.lang)
    made = report.made.replace(tzinfo=None)
    book.book.set_properties(
        {"title": report.title, "author": "Toetsplanner", "created": made, "comments": ""}
    )
    _summary(book, report)
    _findings(book, report)
    _finding_tests(book, report.finding_tests, report.lang)
    _per_teacher(book, report.per_teacher, report.lang)
    _load(book, report)
    if report.pupil_summary is not None:
        _pupils(book, report)
    _problems(book, report)
    if report.comparison is not None:
        _comparison(book, report)
    book.close()
    return target.getvalue()


def week_excel_bytes(problem: WeekProblem, slot: np.ndarray, lang: Lang) -> bytes:
    """A test week's timetable as .xlsx, to pin up and to hand round: per year level (a row
    per session, a column per year), per session (test, groups, pupils), and per pupil
    (pseudonymous number; no names)."""
    target = io.BytesIO()
    book = _Book(target, lang)
    title = word("week_title", lang, week=problem.name)
    book.book.set_properties({"title": title, "author": "Toetsplanner", "comments": ""})
    grid = year_timetable(problem, slot)
    years = [str(y) for y in grid.columns[2:]]
    sheet = book.sheet("by_year")
    sheet.write_string(0, 0, title, book.title)
    heads = [_h("date", lang), _h("session", lang), *years]
    columns = [grid[c].tolist() for c in grid.columns]
    _table(sheet, book, 2, heads, columns, wrap=range(2, len(heads)), filters=False)
    sheet.freeze_panes(3, 2)
    table = week_timetable(problem, slot)
    sheet = book.sheet("by_session")
    keys = ["date", "session", "test", "groups", "pupil_count"]
    names = ["day", "session", "test", "groups", "pupils"]
    _table(sheet, book, 0, [_h(k, lang) for k in keys], [table[c].tolist() for c in names])
    sheet.freeze_panes(1, 0)
    stats = pupil_statistics(problem, slot)
    sheet = book.sheet("pupils")
    keys = ["pupil", "test_count", "max_per_day", "busy_days", "in_row", "min_gap"]
    names = ["pupil", "tests", "max_per_day", "busy_days", "in_row", "min_gap"]
    _table(sheet, book, 0, [_h(k, lang) for k in keys], [stats[c].tolist() for c in names])
    sheet.freeze_panes(1, 0)
    book.close()
    return target.getvalue()


# -- writing tables ------------------------------------------------------------------------


def _cell(sheet: Worksheet, row: int, col: int, value: Any, book: _Book) -> int:
    """One typed cell; returns its width in characters."""
    if value is None or (not isinstance(value, str | tuple | list) and pd.isna(value)):
        sheet.write_blank(row, col, None)
        return 0
    if isinstance(value, pd.Timestamp | dt.datetime):
        moment = pd.Timestamp(value).to_pydatetime().replace(tzinfo=None)
        if moment.time() == dt.time():
            sheet.write_datetime(row, col, moment, book.date)
            return 10
        sheet.write_datetime(row, col, moment, book.moment)
        return 16
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), book.date)
        return 10
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
        return 5
    if isinstance(value, int | float):
        sheet.write_number(row, col, float(value), book.number)
        return len(f"{value:g}")
    text = str(value)
    sheet.write_string(row, col, text)
    return len(text)


def _table(
    sheet: Worksheet,
    book: _Book,
    first_row: int,
    heads: Sequence[str],
    columns: Sequence[Sequence[Any]],
    *,
    wrap: Sequence[int] = (),
    filters: bool = True,
) -> int:
    """Heads and columns of values from `first_row`; returns the row after the table."""
    widths = [len(h) for h in heads]
    for col, head in enumerate(heads):
        sheet.write_string(first_row, col, head, book.head)
    rows = len(columns[0]) if columns else 0
    for col, values in enumerate(columns):
        width = widths[col]
        for i, value in enumerate(values):
            width = max(width, _cell(sheet, first_row + 1 + i, col, value, book))
        widths[col] = width
    for col, width in enumerate(widths):
        wrapped = col in wrap and width > MAX_WIDTH
        sheet.set_column(col, col, min(width, MAX_WIDTH) + 2, book.wrap if wrapped else None)
    if filters and rows:
        sheet.autofilter(first_row, 0, first_row + rows, len(heads) - 1)
    return first_row + rows + 1


# -- the sheets ------------------------------------------------------------------------------


def _summary(book: _Book, report: Report) -> None:
    lang = report.lang
    sheet = book.sheet("summary")
    sheet.write_string(0, 0, report.title, book.title)
    sheet.write_string(1, 0, word("made", lang, when=report.made.strftime("%d-%m-%Y %H:%M")))
    row = 3
    sheet.write_string(row, 0, word("key_figures", lang), book.heading)
    figures = report.figures
    names = ["assessments", "tests", "homework", "groups", "pupils", "errors", "warnings"]
    names += ["infos", "open_errors", "accepted"]
    values: list[Any] = [figures[n] for n in names]
    labels = [word(n, lang) for n in names]
    worst = figures.get("worst_week")
    if worst is not None:
        labels.append(word("worst_week", lang))
        values.append(fmt_week(worst["monday"], lang))
    row = _table(sheet, book, row + 1, [_h("what", lang), _h("figure", lang)], [labels, values],
                 filters=False)  # fmt: skip
    row += 1
    sheet.write_string(row, 0, word("worst_weeks", lang), book.heading)
    weeks = report.worst_weeks
    row = _table(
        sheet, book, row + 1,
        [_h(k, lang) for k in ("week", "errors", "warnings", "infos", "groups")],
        [
            [fmt_week(m, lang) for m in weeks["monday"]],
            weeks["errors"].tolist(), weeks["warnings"].tolist(), weeks["infos"].tolist(),
            [", ".join(g) for g in weeks["groups"]],
        ],
        filters=False,
    )  # fmt: skip
    row += 1
    sheet.write_string(row, 0, word("open_per_rule", lang), book.heading)
    rules = report.open_per_rule
    row = _table(
        sheet, book, row + 1,
        [_h("rule", lang), _h("severity", lang), _h("findings", lang)],
        [rules["rule"].tolist(), [severity_word(s, lang) for s in rules["severity"]],
         rules["findings"].tolist()],
        filters=False,
    )  # fmt: skip
    row += 1
    sheet.write_string(row, 0, word("open_per_group", lang), book.heading)
    groups = report.open_per_group
    row = _table(
        sheet, book, row + 1,
        [_h(k, lang) for k in ("group", "errors", "warnings", "infos", "total")],
        [groups[c].tolist() for c in ("group", "errors", "warnings", "infos", "total")],
        filters=False,
    )  # fmt: skip
    row += 1
    sheet.write_string(row, 0, word("decisions", lang), book.heading)
    decided = report.decisions
    if decided.empty:
        sheet.write_string(row + 1, 0, word("none", lang), book.note)
        return
    _table(
        sheet, book, row + 1,
        [_h(k, lang) for k in ("status", "rule", "group", "pupil", "start", "message", "note",
                               "decided_by", "decided_at", "lapsed")],
        [
            [decision_word(s, lang) for s in decided["status"]],
            *(decided[c].tolist() for c in ("rule", "group", "pupil", "start", "message", "note",
                                           "decided_by", "decided_at", "lapsed")),
        ],
        wrap=(5, 6), filters=False,
    )  # fmt: skip


def _findings(book: _Book, report: Report) -> None:
    lang = report.lang
    sheet = book.sheet("findings")
    frame = report.findings
    heads = [_h(k, lang) for k in ("rule", "severity", "group", "pupil", "start", "end", "tests",
                                   "value", "limit", "message", "reference", "decision", "note",
                                   "decided_by", "decided_at")]  # fmt: skip
    severity = {s: severity_word(s, lang) for s in SEVERITIES}
    decision = {d: decision_word(d, lang) for d in ("accepted", "todo", "")}
    columns: list[list[Any]] = [
        frame["rule"].tolist(),
        [severity.get(s, s) for s in frame["severity"]],
        frame["group"].tolist(),
        [p if isinstance(p, str) else None for p in frame["pupil"]],
        frame["start"].tolist(),
        frame["end"].tolist(),
        [" ".join(assessment_ids(a)) for a in frame["assessments"]],
        frame["value"].tolist(),
        frame["limit"].tolist(),
        frame["message"].tolist(),
        frame["reference"].tolist(),
        [decision.get(d, d) for d in frame["decision"]],
        frame["note"].tolist(),
        frame["decided_by"].tolist(),
        frame["decided_at"].tolist(),
    ]
    _fast_table(sheet, book, heads, columns, dates=(4, 5), moments=(14,), numbers=(7, 8))
    sheet.freeze_panes(1, 0)


def _finding_tests(book: _Book, tests: pd.DataFrame, lang: Lang) -> None:
    """Every open finding's tests, with title and teacher: who is behind each finding."""
    sheet = book.sheet("finding_tests")
    keys = ("finding", "severity", "message", "date", "group", "subject", "kind", "title",
            "teacher")  # fmt: skip
    columns: list[list[Any]] = [
        (tests["finding"] + 1).tolist(),
        _severity_words(tests["severity"], lang),
        tests["message"].tolist(),
        tests["date"].tolist(),
        *(tests[c].tolist() for c in ("group", "subject", "kind", "title", "teacher")),
    ]
    _fast_table(sheet, book, [_h(k, lang) for k in keys], columns, dates=(3,), numbers=(0,))
    sheet.freeze_panes(1, 0)


def _per_teacher(book: _Book, mine: pd.DataFrame, lang: Lang) -> None:
    """Each teacher's tests in open errors and warnings: what each one takes from the meeting,
    with the date a repair suggests where it has one."""
    sheet = book.sheet("per_teacher")
    keys = ("teacher", "date", "suggested", "group", "subject", "kind", "title", "finding_count",
            "severity", "message")  # fmt: skip
    columns: list[list[Any]] = [
        mine["teacher"].tolist(),
        mine["date"].tolist(),
        mine["suggested"].tolist(),
        *(mine[c].tolist() for c in ("group", "subject", "kind", "title")),
        mine["findings"].tolist(),
        _severity_words(mine["severity"], lang),
        ["; ".join(m) for m in mine["messages"]],
    ]
    _fast_table(sheet, book, [_h(k, lang) for k in keys], columns, dates=(1, 2), numbers=(7,))
    sheet.freeze_panes(1, 1)


def _severity_words(values: pd.Series, lang: Lang) -> list[str]:
    words = {s: severity_word(s, lang) for s in SEVERITIES}
    return [words.get(v, v) for v in values]


def _fast_table(
    sheet: Worksheet,
    book: _Book,
    heads: Sequence[str],
    columns: Sequence[Sequence[Any]],
    *,
    dates: Sequence[int] = (),
    moments: Sequence[int] = (),
    numbers: Sequence[int] = (),
) -> None:
    """A big table from row 0, typed per column (the findings of a school: ~40,000 rows): dates
    as Excel serial numbers and numbers converted per column with numpy, empty cells skipped,
    instead of a type test per cell."""
    for col, head in enumerate(heads):
        sheet.write_string(0, col, head, book.head)
    widths = [len(h) for h in heads]
    rows = len(columns[0]) if columns else 0
    write_number, write_string = sheet.write_number, sheet.write_string
    for col, values in enumerate(columns):
        if col in dates or col in moments:
            fmt = book.date if col in dates else book.moment
            serial = _excel_serial(values)
            for i in np.flatnonzero(~np.isnan(serial)).tolist():
                write_number(i + 1, col, serial[i], fmt)
            widths[col] = max(widths[col], 10 if col in dates else 16)
        elif col in numbers:
            array = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy("float64")
            for i in np.flatnonzero(~np.isnan(array)).tolist():
                write_number(i + 1, col, array[i], book.number)
            widths[col] = max(widths[col], 6)
        else:
            texts = pd.Series(values, dtype="object").fillna("").astype("str")
            lengths = texts.str.len().to_numpy()
            strings = texts.tolist()
            for i in np.flatnonzero(lengths).tolist():
                write_string(i + 1, col, strings[i])
            widths[col] = max(widths[col], int(lengths.max()) if len(lengths) else 0)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, MAX_WIDTH) + 2)
    if rows:
        sheet.autofilter(0, 0, rows, len(heads) - 1)


_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00:00", "us")


def _excel_serial(values: Sequence[Any]) -> np.ndarray:
    """Days since Excel's epoch (with the time as a fraction), NaN where there is no date."""
    moments = pd.to_datetime(pd.Series(values), utc=False).dt.tz_localize(None)
    array = moments.to_numpy("datetime64[us]")
    serial: np.ndarray = (array - _EXCEL_EPOCH) / np.timedelta64(1, "D")
    serial[np.isnat(array)] = np.nan
    return serial


def _load(book: _Book, report: Report) -> None:
    lang = report.lang
    sheet = book.sheet("load")
    grid = report.grid
    sheet.write_string(0, 0, _h("load_note", lang), book.note)
    weeks = grid.drop_duplicates("week").sort_values("monday")
    groups = sorted(grid["group"].unique())
    head_row = 2
    sheet.write_string(head_row, 0, _h("group", lang), book.head)
    column_of = {}
    for col, (week, monday) in enumerate(zip(weeks["week"], weeks["monday"], strict=True), 1):
        sheet.write_string(head_row, col, f"wk {week % 100}\n{monday:%d-%m}", book.head)
        column_of[week] = col
    row_of = {g: head_row + 1 + i for i, g in enumerate(groups)}
    for group, row in row_of.items():
        sheet.write_string(row, 0, group, book.bold)
    formats = {"error": book.error_cell, "warning": book.warning_cell}
    for group, week, load, days, severity in zip(
        grid["group"], grid["week"], grid["load"], grid["school_days"], grid["severity"],
        strict=True,
    ):  # fmt: skip
        fmt = book.holiday if days == 0 else formats.get(severity, book.number)
        sheet.write_number(row_of[group], column_of[week], float(load), fmt)
    last_row, last_col = head_row + len(groups), len(column_of)
    sheet.conditional_format(
        head_row + 1, 1, last_row, last_col,
        {"type": "3_color_scale", "min_color": HEAT_LOW, "mid_color": HEAT_MID,
         "max_color": HEAT_HIGH, "min_type": "num", "min_value": 0},
    )  # fmt: skip
    sheet.set_column(0, 0, max([len(g) for g in groups] + [6]) + 2)
    sheet.set_column(1, last_col, 7)
    sheet.set_row(head_row, 30)
    sheet.freeze_panes(head_row + 1, 1)
    sheet.autofilter(head_row, 0, last_row, last_col)


def _pupils(book: _Book, report: Report) -> None:
    """One row per pupil (pseudonymous number), those with the most weeks over their limit
    first: what a mentor looks at. The week-by-week load of 2,000 pupils is the dashboard's."""
    lang = report.lang
    summary = report.pupil_summary
    assert summary is not None
    sheet = book.sheet("pupils")
    sheet.write_string(0, 0, _h("pupil_note", lang), book.note)
    columns = ["pupil", "groups", "tests", "limit", "mean", "peak", "peak_monday", "weeks_over"]
    columns += ["errors", "warnings"]
    heads = [_h("test_count" if c == "tests" else c, lang) for c in columns]
    last = _table(sheet, book, 2, heads, [summary[c].tolist() for c in columns])
    if summary["weeks_over"].any():
        col = columns.index("weeks_over")
        sheet.conditional_format(
            3, col, last - 1, col, {"type": "data_bar", "bar_color": HEAT_MID, "bar_solid": True}
        )
    sheet.conditional_format(
        3, columns.index("peak"), last - 1, columns.index("peak"),
        {"type": "3_color_scale", "min_color": HEAT_LOW, "mid_color": HEAT_MID,
         "max_color": HEAT_HIGH, "min_type": "num", "min_value": 0},
    )  # fmt: skip
    sheet.freeze_panes(3, 1)


def _problems(book: _Book, report: Report) -> None:
    lang = report.lang
    sheet = book.sheet("problems")
    problems = report.problems
    if not problems:
        sheet.write_string(0, 0, word("none", lang), book.note)
        return
    _table(
        sheet, book, 0,
        [_h(k, lang) for k in ("source", "row", "column", "cell", "message")],
        [[p.source for p in problems], [p.row for p in problems], [p.column for p in problems],
         [p.value for p in problems], [p.message for p in problems]],
        wrap=(3, 4),
    )  # fmt: skip
    sheet.freeze_panes(1, 0)


def _comparison(book: _Book, report: Report) -> None:
    lang = report.lang
    c = report.comparison
    assert c is not None
    sheet = book.sheet("comparison")
    sheet.write_string(0, 0, f"{_h('before', lang)}: {c.before_label}", book.bold)
    sheet.write_string(1, 0, f"{_h('after', lang)}: {c.after_label}", book.bold)
    row = 3
    counts: list[list[Any]] = [
        [word(k, lang) for k in ("errors", "warnings", "infos")],
        [c.summary_before[k] for k in ("errors", "warnings", "infos")],
        [c.summary_after[k] for k in ("errors", "warnings", "infos")],
    ]
    row = _table(sheet, book, row, ["", _h("before", lang), _h("after", lang)], counts,
                 filters=False) + 1  # fmt: skip
    test_parts = (
        ("moved", c.moved, ("group", "subject", "kind", "title", "teacher", "date_before",
                            "date_after", "fields", "id")),
        ("changed", c.changed, ("group", "subject", "kind", "title", "teacher", "date", "fields",
                                "id")),
        ("added", c.added, ("group", "subject", "kind", "title", "teacher", "date", "id")),
        ("removed", c.removed, ("group", "subject", "kind", "title", "teacher", "date", "id")),
    )  # fmt: skip
    for key, frame, columns in test_parts:
        sheet.write_string(row, 0, f"{word(key, lang)} ({len(frame)})", book.heading)
        if frame.empty:
            sheet.write_string(row + 1, 0, word("none", lang), book.note)
            row += 3
            continue
        row = _table(sheet, book, row + 1, [_h(k, lang) for k in columns],
                     [frame[k].tolist() for k in columns], filters=False) + 1  # fmt: skip
    for key, frame in (("resolved", c.resolved), ("new", c.new)):
        sheet.write_string(row, 0, f"{word(key, lang)} ({len(frame)})", book.heading)
        if frame.empty:
            sheet.write_string(row + 1, 0, word("none", lang), book.note)
            row += 3
            continue
        row = _table(
            sheet, book, row + 1,
            [_h(k, lang) for k in ("severity", "group", "pupil", "start", "message")],
            [[severity_word(s, lang) for s in frame["severity"]], frame["group"].tolist(),
             [p if isinstance(p, str) else None for p in frame["pupil"]],
             frame["start"].tolist(), frame["message"].tolist()],
            wrap=(4,), filters=False,
        ) + 1  # fmt: skip
    sheet.set_column(0, 0, 24)
