"""Plan a test: the coming weeks as a calendar of a proposed test's verdicts (planner.fit), as
the page shows it, without Streamlit: a row per week, a column per school day, each cell the
verdict's mark, the pupils it affects and what the day is (a holiday, a test week, the quiet
days before one or the recovery after it, a lesson day of the subject)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from planner.config import SchoolConfig
from planner.fit import DayFit, Proposal, best_first, row_fields
from planner.i18n import DAY_ABBREVIATIONS, Lang, catalogue, count, fmt_date, fmt_week
from planner.lessons import weekdays_of
from planner.school_calendar import SchoolCalendar
from planner.style import VERDICT_MARKS
from planner.views.actions import finding_tests, per_test, rank, teacher_codes
from planner.views.edit import TableEdits, new_row_id

TEXT = catalogue(
    __name__,
    {
        "ok": {"nl": "past", "en": "fits"},
        "warning": {"nl": "waarschuwing", "en": "warning"},
        "error": {"nl": "fout", "en": "error"},
        "closed": {"nl": "geen schooldag", "en": "no school day"},
        "quiet": {"nl": "rust voor {week}", "en": "quiet before {week}"},
        "recovery": {"nl": "herstel na {week}", "en": "recovery after {week}"},
        "lesson": {"nl": "les", "en": "lesson"},
        "counts": {
            "nl": "{verdict}: {errors}, {warnings}, {pupils}",
            "en": "{verdict}: {errors}, {warnings}, {pupils}",
        },
    },
)


@dataclasses.dataclass(frozen=True)
class FitCalendar:
    """The verdicts laid out by week: `cells` (text), `verdicts` and `dates` of the same shape
    (index: the week's label; columns: the weekdays), and the days best first."""

    days: list[DayFit]
    cells: pd.DataFrame
    verdicts: pd.DataFrame
    dates: pd.DataFrame
    best: list[DayFit]

    def day(self, date: dt.date) -> DayFit | None:
        return next((d for d in self.days if d.date == date), None)


def verdict_word(verdict: str, lang: Lang) -> str:
    return f"{VERDICT_MARKS[verdict]} {TEXT(verdict, lang)}"


def headline(day: DayFit, lang: Lang) -> str:
    """`✗ fout: 2 fouten, 1 waarschuwing, 17 leerlingen`."""
    return TEXT(
        "counts",
        lang,
        verdict=verdict_word(day.verdict, lang),
        errors=count(day.errors, "error", lang),
        warnings=count(day.warnings, "warning", lang),
        pupils=count(day.pupils, "pupil", lang),
    )


def day_label(day: DayFit, lang: Lang) -> str:
    """A day in a list of choices: `✓ do 5 feb: past`."""
    text = f"{VERDICT_MARKS[day.verdict]} {fmt_date(day.date, lang)}: {TEXT(day.verdict, lang)}"
    if day.pupils and day.verdict != "closed":
        text += f", {count(day.pupils, 'pupil', lang)}"
    return text


def draft_with_test(edits: TableEdits, proposal: Proposal, day: dt.date) -> TableEdits:
    """The Edit page's draft with the proposed test on `day` added (a new row per group)."""
    added = {k: dict(v) for k, v in edits.added.items()}
    for group in proposal.groups:
        added[new_row_id()] = row_fields(proposal, group, day)
    return TableEdits(changed=edits.changed, added=added, deleted=edits.deleted)


def fit_calendar(
    days: Sequence[DayFit],
    config: SchoolConfig,
    groups: Sequence[str],
    subject: str,
    lang: Lang,
    lesson_days: Mapping[tuple[str, str], frozenset[int]] | None = None,
) -> FitCalendar:
    """The calendar of `days` (Monday to Friday of whole weeks, as planner.fit gives them);
    `lesson_days` as planner.lessons.lesson_days gives them (the timetable, or the plan's
    evidence), to mark the subject's lesson days."""
    days = sorted(days, key=lambda d: d.date)
    calendar = SchoolCalendar(config.in_language(lang))
    notes = _day_notes(calendar, config, groups, subject, lesson_days, lang)
    weekdays = list(DAY_ABBREVIATIONS[lang][:5])
    weeks: dict[str, dict[str, tuple[str, str, dt.date]]] = {}
    for day in days:
        label = fmt_week(day.date, lang)
        text = VERDICT_MARKS[day.verdict]
        if day.pupils and day.verdict not in ("ok", "closed"):
            text += f" {day.pupils}"
        extra = [calendar.holiday_name(day.date)] if day.verdict == "closed" else []
        extra += notes.get(day.date, [])
        shown = [e for e in extra if e]
        if shown:  # a closed day's mark is a dot already
            text += (" " if day.verdict == "closed" else " · ") + ", ".join(shown)
        weeks.setdefault(label, {})[weekdays[day.date.weekday()]] = (text, day.verdict, day.date)
    index = list(weeks)

    def frame(part: int) -> pd.DataFrame:
        return pd.DataFrame(
            [[weeks[w].get(d, ("", "", None))[part] for d in weekdays] for w in index],
            index=index,
            columns=weekdays,
        )

    best = [d for d in best_first(days) if d.verdict in ("ok", "warning")]
    return FitCalendar(list(days), frame(0), frame(1), frame(2), best)


def _day_notes(
    calendar: SchoolCalendar,
    config: SchoolConfig,
    groups: Sequence[str],
    subject: str,
    lesson_days: Mapping[tuple[str, str], frozenset[int]] | None,
    lang: Lang,
) -> dict[dt.date, list[str]]:
    """Per day what the page names beside its verdict: a test week, the quiet days before it
    and the recovery days after it (the rules' own windows), a lesson day of the subject."""
    notes: dict[dt.date, list[str]] = {}
    school_days = calendar.school_days
    spans = calendar.test_week_spans(groups)
    windows = {"before-test-week": "quiet", "after-test-week": "recovery"}
    for span in spans.to_dict("records"):
        first, last, name = int(span["first"]), int(span["last"]), str(span["test_week"])
        for position in range(first, last + 1):
            _note(notes, school_days[position].date(), name)
        for rule, word in windows.items():
            settings = config.rules[rule].settings_for(str(span["group"]))
            if settings is None:
                continue
            days = int(settings["days"])
            if word == "quiet":
                positions = range(max(0, first - days), first)
            else:
                positions = range(last + 1, min(len(school_days), last + 1 + days))
            for position in positions:
                _note(notes, school_days[position].date(), TEXT(word, lang, week=name))
    weekdays = weekdays_of(lesson_days or {}, groups, subject)
    if weekdays is not None:
        for day in school_days:
            if day.weekday() in weekdays:
                _note(notes, day.date(), TEXT("lesson", lang))
    return notes


def _note(notes: dict[dt.date, list[str]], day: dt.date, text: str) -> None:
    mine = notes.setdefault(day, [])
    if text not in mine:
        mine.append(text)


def teacher_tests(table: pd.DataFrame, findings: pd.DataFrame, teacher: str) -> pd.DataFrame:
    """A teacher's own tests and homework (their code among the row's teachers, any case) with
    the findings each is in: date, group, subject, kind, title, the number of findings, the
    worst severity and their sentences; those in findings first, then by date."""
    code = teacher.strip().casefold()
    columns = ["id", "date", "group", "subject", "kind", "title"]
    if not code:
        return pd.DataFrame(columns=[*columns, "findings", "severity", "messages"])
    theirs = (
        table["teacher"].fillna("").map(lambda t: code in {c.casefold() for c in teacher_codes(t)})
    )
    mine = table[theirs][columns].astype({"id": "str"})
    out = mine.merge(
        per_test(finding_tests(findings, table)), left_on="id", right_index=True, how="left"
    )
    out["findings"] = out["findings"].fillna(0).astype("int64")
    out["severity"] = out["severity"].fillna("")
    out["messages"] = out["messages"].map(lambda m: m if isinstance(m, list) else [])
    order = out["severity"].map(rank)
    return out.assign(order_=order).sort_values(["order_", "date"]).drop(columns="order_")
