"""Dates and times as teachers and their tools write them: yyyymmdd as one number, clock times
without a colon, and a weekday before a numeric date that tells which way the date reads."""

from __future__ import annotations

import tomllib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from planner.config import SchoolConfig, parse_config
from planner.importers import read_plan
from planner.importers.common import date_order, parse_dates, parse_times, weekday_conflicts


def school(language: str = "nl", year: bool = True) -> SchoolConfig:
    text = f'[school]\nname = "Testschool"\nlanguage = "{language}"\n'
    if year:
        text += "[calendar]\nstart = 2025-09-01\nend = 2026-07-17\n"
    return parse_config(tomllib.loads(text), "school.toml")


def dates(*values: str, day_first: bool = True) -> list[str]:
    parsed = parse_dates(pd.Series(values, dtype="str"), day_first)
    return [d.strftime("%Y-%m-%d") if pd.notna(d) else "" for d in parsed]


def csv_plan(tmp_path: Path, text: str, config: SchoolConfig | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.csv"
    path.write_text(text, encoding="utf-8")
    return read_plan([path], config or school())


def where(plan) -> list[tuple[int | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(p.row, p.column, p.value) for p in plan.problems]


def days(plan) -> list[str]:  # type: ignore[no-untyped-def]
    return plan.assessments["date"].dt.strftime("%Y-%m-%d").tolist()  # type: ignore[no-any-return]


# --- yyyymmdd ----------------------------------------------------------------------------------


def test_yyyymmdd_as_text_and_as_a_number_cell() -> None:
    assert dates("20260303", "20260303.0", " 20260303 ") == ["2026-03-03"] * 3
    # an Excel serial has five digits: 46084 is still 3 March 2026
    assert dates("46084", "46084.0") == ["2026-03-03"] * 2


def test_an_impossible_or_other_eight_digit_number_is_no_date() -> None:
    # month 13, day 45; 29 February in a year without it; d-m-y without separators; too long
    assert dates("20261345", "20250229", "03032026", "202603031", "2026031") == [""] * 5


def test_an_impossible_yyyymmdd_is_a_problem_and_the_other_rows_load(tmp_path: Path) -> None:
    plan = csv_plan(
        tmp_path,
        "datum;klas;vak;soort\n20260303;2A;wiskunde;PW\n20261345;2A;Engels;SO\n",
        school("en"),
    )
    assert days(plan) == ["2026-03-03"]
    assert where(plan) == [(3, "date", "20261345")]
    assert plan.problems[0].message == "not a date (use 2026-03-10 or 10-03-2026)"


def test_yyyymmdd_number_cell_in_an_excel_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Datum", "Klas", "Vak", "Soort", "Begin"])
    sheet.append([20260303, "2A", "wiskunde", "PW", 800])
    sheet.append([20260310.0, "2A", "Engels", "SO", 1345])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    plan = read_plan([path], school())
    assert plan.problems == []
    assert days(plan) == ["2026-03-03", "2026-03-10"]
    assert plan.assessments["start"].tolist() == ["08:00", "13:45"]


# --- clock times -------------------------------------------------------------------------------


def test_clock_times_without_a_colon_become_hh_mm() -> None:
    values = ["800", "0800", "1345", "830.0", "8:30", "8.30", "08:30:00", "", "2e uur", "0000"]
    assert parse_times(pd.Series(values, dtype="str")).tolist() == [
        "08:00", "08:00", "13:45", "08:30", "08:30", "08:30", "08:30", "", "2e uur", "00:00",
    ]  # fmt: skip


def test_an_impossible_clock_time_is_none() -> None:
    values = pd.Series(["2575", "2400", "25:00", "12:60", "960"], dtype="str")
    assert parse_times(values).tolist() == [None] * 5


def test_start_and_end_in_a_csv_and_a_bad_time_reported(tmp_path: Path) -> None:
    plan = csv_plan(
        tmp_path,
        "datum;klas;vak;soort;begin;eind\n"
        "10-03-2026;2A;wiskunde;PW;800;0850\n"
        "11-03-2026;2A;Engels;SO;1345;1435\n"
        "12-03-2026;2A;Frans;SO;2575;\n"
        "13-03-2026;2A;Duits;SO;10:00;1099\n"
        "16-03-2026;2A;biologie;SO;3e uur;\n",
        school("en"),
    )
    table = plan.assessments
    assert table["start"].tolist() == ["08:00", "13:45", "3e uur"]  # other text as written
    assert table["end"].tolist() == ["08:50", "14:35", ""]
    assert where(plan) == [(4, "start", "2575"), (5, "end", "1099")]
    assert {p.message for p in plan.problems} == {"not a time (use 08:30 or 0830)"}


# --- a weekday before a numeric date -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("di 10-3-2026", True, "2026-03-10"),
        ("Tue 3/10/2026", False, "2026-03-10"),
        ("Mo 09.03.2026", True, "2026-03-09"),  # German
        ("Mi 11.03.2026", True, "2026-03-11"),
        ("So, 15.3.2026", True, "2026-03-15"),
        ("Do. 12-03-2026 08:30", True, "2026-03-12"),
        ("ma 2026-03-09", True, "2026-03-09"),
        ("di 20260310", True, "2026-03-10"),
        ("di 10 maart 2026", True, "2026-03-10"),  # named months as before
        ("Tuesday March 10, 2026", True, "2026-03-10"),
    ],
)
def test_a_weekday_before_a_date(text: str, day_first: bool, expected: str) -> None:
    assert dates(text, day_first=day_first) == [expected]


def test_a_weekday_the_date_does_not_fall_on_is_no_date() -> None:
    assert dates("di 11-3-2026", "di 11 maart 2026", "Mo 10.03.2026") == ["", "", ""]
    conflicts = weekday_conflicts(pd.Series(["di 11-3-2026", "di 10-3-2026"]), True, "nl")
    assert conflicts.tolist() == ["11 maart 2026 is een woensdag, geen dinsdag", ""]
    conflicts = weekday_conflicts(pd.Series(["Tue 3/10/2026"]), True, "en")
    assert conflicts.tolist() == ["3 October 2026 is a Saturday, not a Tuesday"]


def test_the_weekday_tells_a_column_month_first() -> None:
    # 3 October 2026 is a Saturday: Tue 3/10/2026 is 10 March, and so 3/4/2026 is 4 March
    values = pd.Series(["Tue 3/10/2026", "3/4/2026"])
    day_first, unclear = date_order(values, school())
    assert (day_first, unclear.tolist()) == (False, [False, False])
    assert dates(*values, day_first=day_first) == ["2026-03-10", "2026-03-04"]


def test_the_weekdays_of_most_dates_decide_and_a_wrong_one_is_reported(tmp_path: Path) -> None:
    # 11 March is a Wednesday; 3 November 2026 is a Tuesday but outside the school year
    plan = csv_plan(
        tmp_path,
        "datum;klas;vak;soort\n"
        "ma 9-3-2026;2A;wiskunde;PW\n"
        "wo 18-3-2026;2A;Engels;SO\n"
        "di 11-3-2026;2A;Frans;SO\n"
        "di 11 maart 2026;2A;Duits;SO\n",
    )
    assert days(plan) == ["2026-03-09", "2026-03-18"]
    assert where(plan) == [(4, "date", "di 11-3-2026"), (5, "date", "di 11 maart 2026")]
    assert [p.message for p in plan.problems] == ["11 maart 2026 is een woensdag, geen dinsdag"] * 2


def test_a_weekday_against_every_reading_in_english(tmp_path: Path) -> None:
    plan = csv_plan(
        tmp_path,
        "date,group,subject,kind\nTue 3/10/2026,2A,maths,test\nFri 3/10/2026,2A,French,quiz\n",
        school("en", year=False),
    )
    # Tue fits only 10 March (month first); Friday fits neither 3 October nor 10 March
    assert days(plan) == ["2026-03-10"]
    assert where(plan) == [(3, "date", "Fri 3/10/2026")]
    assert plan.problems[0].message == "10 March 2026 is a Tuesday, not a Friday"


def test_a_word_that_is_no_weekday_before_a_named_date_stays_allowed() -> None:
    assert dates("toets 10 maart 2026") == ["2026-03-10"]
    assert dates("toets 10-3-2026") == [""]
