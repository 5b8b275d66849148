"""The one vocabulary every importer reads: weekdays, months and group names, and the two
spellings the importers used to disagree on (`din` for Tuesday, `H5a` for a class)."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planner.config import SchoolConfig, parse_config
from planner.i18n import LANGUAGES, Lang, fmt_date
from planner.importers.from_excel import read_excel_plan
from planner.importers.ical import read_ical_plan
from planner.importers.lessons import read_lessons
from planner.vocabulary import (
    MONTHS,
    WEEKDAYS,
    group_names_in,
    is_group_name,
    month_number,
    weekday_number,
    weekday_of_name,
    whole_words,
)


def school(toml: str = "") -> SchoolConfig:
    text = '[school]\nname = "Testschool"\n[calendar]\nstart = 2025-09-01\nend = 2026-07-17\n'
    return parse_config(tomllib.loads(text + toml), "school.toml")


def rows(table: pd.DataFrame, *columns: str) -> list[tuple[str, ...]]:
    """The table's rows as tuples of the given columns, dates as ISO text."""
    out = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))
    return [tuple(r) for r in out[list(columns)].itertuples(index=False)]


# --- weekdays and months -----------------------------------------------------------------------

TUESDAY = ["di", "din", "dins", "dinsdag", "tu", "tue", "tues", "tuesday", "Di.", " DINSDAG "]


@pytest.mark.parametrize("text", TUESDAY)
def test_every_spelling_of_tuesday_is_tuesday_for_dates_and_timetables(text: str) -> None:
    # `din` was Tuesday to the Excel grid but not to the timetable (planner.suggest)
    assert weekday_of_name(text) == 1
    assert weekday_number(text) == 1


def test_every_weekday_in_dutch_english_and_german() -> None:
    # German `Di` and `Do` are the Dutch `di` and `do`: the same day, no clash
    days = [
        ("ma", "maa", "maan", "maandag", "mo", "mon", "monday", "montag"),
        ("di", "din", "dins", "dinsdag", "tu", "tue", "tues", "tuesday", "dienstag"),
        ("wo", "woe", "woens", "woensdag", "we", "wed", "wednesday", "mi", "mittwoch"),
        ("do", "don", "dond", "donderdag", "th", "thu", "thur", "thurs", "thursday", "donnerstag"),
        ("vr", "vrij", "vrijdag", "fr", "fri", "friday", "freitag"),
        ("za", "zat", "zaterdag", "sa", "sat", "saturday", "samstag"),
        ("zo", "zon", "zondag", "su", "sun", "sunday", "so", "sonntag"),
    ]
    assert dict(WEEKDAYS) == {word: n for n, words in enumerate(days) for word in words}


def test_a_weekday_number_counts_only_in_a_timetable() -> None:
    # `1` to `7` is Monday to Sunday in a timetable's day column; in a date cell (`1 mrt`) a
    # number is a day of the month
    assert [weekday_number(str(n)) for n in range(9)] == [None, 0, 1, 2, 3, 4, 5, 6, None]
    assert weekday_of_name("2") is None
    assert weekday_number("") is None
    assert weekday_number("dinsdagen") is None


def test_every_month_in_dutch_and_english() -> None:
    months = [
        ("jan", "januari", "january"),
        ("feb", "februari", "february"),
        ("mrt", "maart", "mar", "march"),
        ("apr", "april"),
        ("mei", "may"),
        ("jun", "juni", "june"),
        ("jul", "juli", "july"),
        ("aug", "augustus", "august"),
        ("sep", "sept", "september"),
        ("okt", "oktober", "oct", "october"),
        ("nov", "november"),
        ("dec", "december"),
    ]
    assert dict(MONTHS) == {word: n for n, words in enumerate(months, 1) for word in words}
    assert month_number("Mrt.") == 3
    assert month_number("ma") is None


def test_no_spelling_is_both_a_weekday_and_a_month() -> None:
    assert set(WEEKDAYS).isdisjoint(MONTHS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_a_planner_writes_in_a_date_is_read_back(lang: Lang) -> None:
    # i18n writes dates (`di 10 mrt`), the importers read them: every day of two school years
    day = dt.date(2025, 8, 1)
    while day.year < 2027:
        weekday, _, month, _ = fmt_date(day, lang, year=True).split()
        assert (weekday_of_name(weekday), month_number(month)) == (day.weekday(), day.month)
        day += dt.timedelta(days=1)


# --- group names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["2A", "1E", "4H1", "4havo", "3gymn", "4h.wisB", "5v.n&t2", "H5a", "V4b", "hv1a"]
)
def test_group_names(name: str) -> None:
    assert is_group_name(name)
    assert group_names_in(f"wiskunde {name} PW") == [(name, (9, 9 + len(name)))]


def test_a_magister_name_without_its_class_is_a_group_only_standing_alone() -> None:
    # `H5a` was a group to the Excel grid but not to the iCal reader; `H3`, `SE2` and `PW1` in
    # a title are a chapter, an exam and a test, while a column headed `V4` is a class
    assert is_group_name("V4")
    assert group_names_in("wiskunde PW H3, SE2 en PW1") == []
    assert group_names_in("H5a, V4b en 2A: PW H3") == [
        ("H5a", (0, 3)),
        ("V4b", (5, 8)),
        ("2A", (12, 14)),
    ]


@pytest.mark.parametrize("text", ["1e", "3x", "2u", "1ste", "3uur", "2A2B", "7A", "§2a"])
def test_not_group_names(text: str) -> None:
    # ordinals and units (`1e uur`, `3x`) are not classes; `1E` is
    assert not is_group_name(text)
    assert group_names_in(f"{text} wiskunde") == []


def test_each_group_once_and_not_inside_other_words() -> None:
    assert group_names_in("2A 2a 2A") == [("2A", (0, 2)), ("2a", (3, 5))]
    assert group_names_in("4h.wisB.x §2a n&t2 wiskunde2A 2A_b") == []


def test_kind_words_stand_alone_and_the_longest_wins() -> None:
    kinds = whole_words(["PW", "so", "so mondeling", ""])
    assert [m.group() for m in kinds.finditer("pw H3, SO mondeling; PWS, sommen")] == [
        "pw",
        "SO mondeling",
    ]


# --- the importers read the one vocabulary -----------------------------------------------------


def test_an_excel_grid_with_magister_groups_and_din_for_tuesday(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Week", "Dag", "H5a", "V4b"])
    sheet.append([11, "din", "wiskunde PW H3", "Engels SO"])  # din: Tuesday of week 11
    book.save(tmp_path / "magister.xlsx")
    table, problems = read_excel_plan(tmp_path / "magister.xlsx", school())
    assert problems == []
    assert [
        tuple(r) for r in table[["date", "group", "subject", "title"]].astype("str").values
    ] == [
        ("2026-03-10", "H5a", "wiskunde", "H3"),
        ("2026-03-10", "V4b", "Engels", ""),
    ]


def test_an_ical_event_with_a_magister_group(tmp_path: Path) -> None:
    events = ["H5a wiskunde PW: H3 goniometrie", "V4b, 2A Engels SO", "wiskunde PW H3"]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for n, summary in enumerate(events, 1):
        lines += ["BEGIN:VEVENT", f"UID:e{n}", f"SUMMARY:{summary}"]
        lines += [f"DTSTART;VALUE=DATE:2026031{n}", "END:VEVENT"]
    (tmp_path / "h5a.ics").write_text("\r\n".join([*lines, "END:VCALENDAR", ""]))
    table, problems = read_ical_plan(tmp_path / "h5a.ics", school())
    assert rows(table, "group", "subject", "kind", "title") == [
        ("H5a", "wiskunde", "proefwerk", "H3 goniometrie"),
        ("V4b", "Engels", "so", "V4b, 2A Engels SO"),
        ("2A", "Engels", "so", "V4b, 2A Engels SO"),
    ]
    # `H3` in a title is a chapter: the event names no group
    assert [(p.row, p.column) for p in problems] == [(3, "group")]


def test_a_timetable_with_din_for_tuesday(tmp_path: Path) -> None:
    path = tmp_path / "rooster.csv"
    path.write_text("klas;vak;dag\nH5a;wiskunde;din\n2A;Engels;Dins.\n2A;Frans;5\n")
    lessons, rows, problems = read_lessons(path)
    assert problems == []
    assert rows["weekday"].tolist() == [1, 1, 4]
    assert lessons.days_for("h5a", "wiskunde") == frozenset({1})
