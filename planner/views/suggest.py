"""What the Edit page shows of suggestions: the moves as a table to choose from, the moves put
into the user's draft, the candidates for one finding, and the lesson timetable as a table a
teacher can edit (weekdays as words)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from planner.check import effective_config
from planner.config import SchoolConfig
from planner.i18n import DAY_ABBREVIATIONS, Lang, fmt_date, fmt_num, problem
from planner.model import ImportProblem, Plan
from planner.school_calendar import SchoolCalendar
from planner.suggest import Candidate, Move, Options
from planner.views.edit import TableEdits
from planner.vocabulary import weekday_number

# The weekdays as the lesson table writes them: `ma`, `Tue`.
DAY_NAMES: Mapping[Lang, tuple[str, ...]] = DAY_ABBREVIATIONS


def dashboard_options(
    plan: Plan,
    config: SchoolConfig,
    today: dt.date,
    weeks_before: int = 1,
    weeks_after: int = 2,
    *,
    homework: bool = False,
) -> Options:
    """The window the dashboard searches in: never before `today` while the plan's school year
    runs (an old or future year's plan is not held to today's date)."""
    running = SchoolCalendar(effective_config(plan, config)).running_on(today)
    return Options(weeks_before, weeks_after, today if running else None, homework)


def with_moves(edits: TableEdits, moves: Mapping[str, dt.date]) -> TableEdits:
    """The draft with these tests on these days (a move of a test added in the draft changes
    that new row)."""
    changed = {k: dict(v) for k, v in edits.changed.items()}
    added = {k: dict(v) for k, v in edits.added.items()}
    for test, day in moves.items():
        if test in added:
            added[test]["date"] = day.isoformat()
        else:
            changed.setdefault(test, {})["date"] = day.isoformat()
    return TableEdits(changed=changed, added=added, deleted=edits.deleted)


def what(move: Move) -> str:
    """`biologie proefwerk 2A: H3`."""
    title = f": {move.title}" if move.title else ""
    return f"{move.subject} {move.kind} {move.group}{title}"


def moves_frame(moves: Sequence[Move], lang: Lang) -> pd.DataFrame:
    """One row per move, all chosen: take, id, test, from, to, reason."""
    return pd.DataFrame(
        {
            "take": [True] * len(moves),
            "id": [m.id for m in moves],
            "test": [what(m) for m in moves],
            "from": [fmt_date(m.before, lang) for m in moves],
            "to": [fmt_date(m.after, lang) for m in moves],
            "reason": [m.reason for m in moves],
        }
    )


def candidates_frame(found: Sequence[Candidate], lang: Lang) -> pd.DataFrame:
    """The days one finding's tests could go to, best first."""
    return pd.DataFrame(
        {
            "test": [what(c.move) for c in found],
            "to": [fmt_date(c.day, lang) for c in found],
            "errors_left": [c.errors_left for c in found],
            "load": [fmt_num(c.added_load, lang) for c in found],
            "reason": [c.move.reason for c in found],
        }
    )


def lessons_table(lessons: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The stored lesson timetable with the weekday as a word, for st.data_editor."""
    names = DAY_NAMES[lang]
    return pd.DataFrame(
        {
            "group": lessons["group"].astype("str").to_numpy(),
            "subject": lessons["subject"].astype("str").to_numpy(),
            "weekday": [names[int(d)] for d in lessons["weekday"]],
            "period": lessons["period"].astype("str").to_numpy(),
        },
        dtype="str",  # also when empty: the editor then offers text cells, not numbers
    )


def lessons_from_table(table: pd.DataFrame, lang: Lang) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """The edited table back as lessons (weekday 0-6); rows that are not a lesson are listed,
    the rest kept."""
    problems = []
    rows = []
    for n, record in enumerate(table.fillna("").astype("str").to_dict("records"), start=1):
        group, subject = record["group"].strip(), record["subject"].strip()
        day_text = record["weekday"].strip()
        if not (group or subject or day_text):
            continue
        day = weekday_number(day_text)
        if not group or not subject or day is None:
            column = "group" if not group else "subject" if not subject else "weekday"
            value = {"group": group, "subject": subject, "weekday": day_text}[column]
            message = (
                problem("weekday", lang)
                if column == "weekday"
                else problem("empty", lang, column=column)
            )
            problems.append(ImportProblem("lesrooster", n, column, value, message))
            continue
        rows.append((group, subject, day, record["period"].strip()))
    return pd.DataFrame(rows, columns=["group", "subject", "weekday", "period"]), problems
