"""Excel and iCalendar plans: real files made here with openpyxl and icalendar, read back."""

from __future__ import annotations

import datetime as dt
import tomllib
import zoneinfo
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import pandas as pd
import pytest

from planner.config import SchoolConfig, parse_config
from planner.errors import InvalidInput
from planner.importers import read_plan
from planner.importers.from_excel import read_excel_plan
from planner.importers.ical import read_ical_plan
from planner.importers.sources import Tally

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def school(calendar: bool = True) -> SchoolConfig:
    """The default kinds; with the 2025-2026 school year, or with no start and end."""
    text = '[school]\nname = "Testschool"\n'
    if calendar:
        text += "[calendar]\nstart = 2025-09-01\nend = 2026-07-17\n"
    return parse_config(tomllib.loads(text), "test.toml")


def days(table: pd.DataFrame) -> list[str]:
    return table["date"].dt.strftime("%Y-%m-%d").tolist()


# --- Excel -----------------------------------------------------------------------------------


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


HEADER = ["Datum", "Klas", "Vak", "Soort", "Omschrijving", "Lesuur", "Begin"]


def test_header_below_title_rows_with_excel_dates_and_times(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "3h1.xlsx",
        {
            "Planning": [
                ["Toetsplanning 3H1", None, None],
                ["Periode 3, schooljaar 2025-2026"],
                [],
                HEADER,
                [dt.date(2026, 3, 10), "3H1", "wiskunde", "PW", "H6 Lineaire verbanden", 2],
                [dt.datetime(2026, 3, 11, 0, 0), "3H1", "Engels", "SO", "Unit 5", 4],
                ["12-03-2026", "3H1", "Frans", "toets", "Unité 4", None, dt.time(10, 45)],
            ]
        },
    )
    table, problems = read_excel_plan(path, school())
    assert problems == []
    assert days(table) == ["2026-03-10", "2026-03-11", "2026-03-12"]
    assert table["row"].tolist() == [5, 6, 7]  # spreadsheet rows, under the header in row 4
    assert table["kind"].tolist() == ["proefwerk", "so", "proefwerk"]
    assert table["title"].tolist() == ["H6 Lineaire verbanden", "Unit 5", "Unité 4"]
    assert table["period"].tolist()[:2] == [2, 4]
    assert table["start"].tolist() == ["", "", "10:45"]
    assert set(table["source"]) == {"3h1.xlsx"}  # one sheet: the file name alone


def test_bad_rows_reported_with_their_spreadsheet_row_while_good_rows_load(
    tmp_path: Path,
) -> None:
    path = workbook(
        tmp_path / "plan.xlsx",
        {
            "Blad1": [
                ["Toetsen 2A"],
                HEADER[:4],
                [dt.date(2026, 3, 9), "2A", "biologie", "PW"],
                [dt.date(2026, 3, 10), "2A", "Duits", "excursie"],
                [],
                ["morgen", "2A", "Engels", "SO"],
                [dt.date(2026, 3, 12), None, "Frans", "SO"],
                [dt.date(2026, 3, 13), "2A", "geschiedenis", "PO"],
            ]
        },
    )
    table, problems = read_excel_plan(path, school())
    assert table["subject"].tolist() == ["biologie", "geschiedenis"]
    assert table["row"].tolist() == [3, 8]
    where = [(p.source, p.row, p.column, p.value) for p in problems]
    assert where == [
        ("plan.xlsx", 4, "kind", "excursie"),
        ("plan.xlsx", 6, "date", "morgen"),
        ("plan.xlsx", 7, "group", ""),
    ]


def test_every_sheet_with_the_columns_and_only_those(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "4havo.xlsx",
        {
            "Toelichting": [["Per periode een tabblad"], ["Datum", "Opmerking"]],
            "Periode 1": [HEADER[:4], [dt.date(2025, 10, 1), "4H1", "Engels", "SO"]],
            "Periode 2": [
                ["Titel"],
                ["datum", "KLAS", "vak", "type"],
                [dt.date(2025, 12, 3), "4h.wisB, 4h.wisA", "wiskunde", "PW"],
            ],
        },
    )
    table, problems = read_excel_plan(path, school())
    assert problems == []
    assert table["source"].tolist() == ["4havo.xlsx[Periode 1]"] + ["4havo.xlsx[Periode 2]"] * 2
    assert table["group"].tolist() == ["4H1", "4h.wisB", "4h.wisA"]
    assert table["row"].tolist() == [2, 3, 3]


def test_date_serial_numbers_in_an_unformatted_date_column(tmp_path: Path) -> None:
    serial = (dt.date(2026, 3, 10) - dt.date(1899, 12, 30)).days
    path = workbook(
        tmp_path / "serial.xlsx",
        {"S": [[*HEADER[:4], "Aangekondigd"], [serial, "2A", "wiskunde", "PW", serial - 14]]},
    )
    table, problems = read_excel_plan(path, school())
    assert problems == []
    assert days(table) == ["2026-03-10"]
    assert table["announced"].dt.strftime("%Y-%m-%d").tolist() == ["2026-02-24"]


def test_no_sheet_with_the_required_columns_names_the_file(tmp_path: Path) -> None:
    path = workbook(tmp_path / "leeg.xlsx", {"S": [["Datum", "Klas", "Omschrijving"]]})
    with pytest.raises(InvalidInput, match=r"leeg\.xlsx.*no sheet has the columns"):
        read_excel_plan(path, school())


def test_unreadable_and_missing_workbooks_are_invalid_input(tmp_path: Path) -> None:
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"this is no workbook")
    with pytest.raises(InvalidInput, match=r"kapot\.xlsx.*not a readable Excel file"):
        read_excel_plan(broken, school())
    with pytest.raises(InvalidInput, match=r"weg\.xlsx.*file not found"):
        read_excel_plan(tmp_path / "weg.xlsx", school())


def test_read_plan_takes_xlsx_by_its_extension(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "p.xlsx", {"S": [HEADER[:4], [dt.date(2026, 3, 10), "2A", "ak", "SO"]]}
    )
    plan = read_plan([path], school())
    assert len(plan.assessments) == 1 and plan.problems == []


# --- iCalendar -------------------------------------------------------------------------------


def ics(path: Path, events: list[dict[str, Any]], name: str | None = "Toetsen 2A") -> Path:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Toetsplanner tests//NL")
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    for n, fields in enumerate(events, start=1):
        event = icalendar.Event()
        event.add("uid", fields.pop("uid", f"e{n}@test"))
        for key, value in fields.items():
            event.add(key, value)
        cal.add_component(event)
    path.write_bytes(cal.to_ical())
    return path


def test_all_day_event_classified_from_summary_and_calendar_name(tmp_path: Path) -> None:
    path = ics(
        tmp_path / "2a.ics",
        [{"summary": "wiskunde B proefwerk: H3 Breuken", "dtstart": dt.date(2026, 3, 10)}],
    )
    table, problems = read_ical_plan(path, school())
    assert problems == []
    row = table.iloc[0]
    assert days(table) == ["2026-03-10"]
    assert (row["group"], row["subject"], row["kind"]) == ("2A", "wiskunde B", "proefwerk")
    assert row["title"] == "H3 Breuken"
    assert (row["start"], row["end"], row["source"], row["row"]) == ("", "", "2a.ics", 1)
    assert row["id"] == "e1@test"


def test_timed_events_count_in_amsterdam(tmp_path: Path) -> None:
    path = ics(
        tmp_path / "t.ics",
        [
            {
                "summary": "SO Engels",
                "dtstart": dt.datetime(2026, 3, 10, 8, 30, tzinfo=AMSTERDAM),
                "dtend": dt.datetime(2026, 3, 10, 9, 20, tzinfo=AMSTERDAM),
            },
            {  # 23:30 UTC is already the next day in Amsterdam
                "summary": "4h.wisB PW: wiskunde H7",
                "dtstart": dt.datetime(2026, 3, 11, 23, 30, tzinfo=dt.UTC),
            },
        ],
    )
    data = path.read_text()
    assert "DTSTART;TZID=Europe/Amsterdam:20260310T083000" in data
    table, problems = read_ical_plan(path, school())
    assert problems == []
    assert days(table) == ["2026-03-10", "2026-03-12"]
    assert table["start"].tolist() == ["08:30", "00:30"]
    assert table["end"].tolist() == ["09:20", ""]
    assert table["group"].tolist() == ["2A", "4h.wisB"]
    assert table["subject"].tolist() == ["Engels", "wiskunde"]
    assert table["kind"].tolist() == ["so", "proefwerk"]


def test_weekly_series_with_exdate_and_a_moved_and_a_cancelled_occurrence(
    tmp_path: Path,
) -> None:
    first = dt.datetime(2026, 3, 2, 8, 30, tzinfo=AMSTERDAM)
    path = ics(
        tmp_path / "reeks.ics",
        [
            {
                "uid": "reeks@test",
                "summary": "Frans SO: woordjes",
                "dtstart": first,
                "dtend": first + dt.timedelta(minutes=50),
                "rrule": {"freq": "weekly", "count": 5},
                "exdate": first + dt.timedelta(weeks=1),
            },
            {  # the third occurrence moves to Tuesday 10:00
                "uid": "reeks@test",
                "recurrence-id": first + dt.timedelta(weeks=2),
                "summary": "Frans SO: woordjes (verplaatst)",
                "dtstart": dt.datetime(2026, 3, 17, 10, 0, tzinfo=AMSTERDAM),
                "dtend": dt.datetime(2026, 3, 17, 10, 50, tzinfo=AMSTERDAM),
            },
            {  # the fourth is cancelled
                "uid": "reeks@test",
                "recurrence-id": first + dt.timedelta(weeks=3),
                "summary": "Frans SO: woordjes",
                "status": "CANCELLED",
                "dtstart": first + dt.timedelta(weeks=3),
            },
            {"summary": "Toets Duits", "status": "CANCELLED", "dtstart": dt.date(2026, 3, 4)},
        ],
    )
    tally = Tally("ical")
    table, problems = read_ical_plan(path, school(), tally)
    # the cancelled occurrence and the cancelled test: one line for the file, and withdrawn
    assert [(p.row, p.message) for p in problems] == [
        (None, "vervallen of verplaatste items overgeslagen: 2")
    ]
    assert tally.left_out == {"withdrawn": 2}
    assert days(table) == ["2026-03-02", "2026-03-30", "2026-03-17"]
    assert table["row"].tolist() == [1, 1, 2]  # the event's number in the file
    assert table["id"].tolist() == [
        "reeks@test/2026-03-02",
        "reeks@test/2026-03-30",
        "reeks@test/2026-03-16",  # a moved occurrence keeps the date it was planned on
    ]
    assert table["title"].tolist() == ["woordjes", "woordjes", "woordjes (verplaatst)"]


def test_unbounded_series_expands_over_the_school_year_or_a_wide_window(tmp_path: Path) -> None:
    path = ics(
        tmp_path / "wekelijks.ics",
        [
            {
                "summary": "Engels SO",
                "dtstart": dt.date(2025, 9, 1),
                "rrule": {"freq": "weekly"},
            }
        ],
    )
    in_year, _ = read_ical_plan(path, school())
    assert days(in_year)[0] == "2025-09-01" and days(in_year)[-1] == "2026-07-13"
    assert len(in_year) == 46
    wide, _ = read_ical_plan(path, school(calendar=False))
    assert len(wide) == 53  # a year from the first start


def test_unclassifiable_events_are_reported_never_guessed(tmp_path: Path) -> None:
    path = ics(
        tmp_path / "mix.ics",
        [
            {"summary": "2A biologie PW", "dtstart": dt.date(2026, 3, 9)},
            {"summary": "2A Kerstviering", "dtstart": dt.date(2025, 12, 19)},
            {"summary": "2A SO", "dtstart": dt.date(2026, 3, 10)},
            {"summary": "geschiedenis PO", "dtstart": dt.date(2026, 3, 11)},
            {
                "summary": "Engels SO",
                "dtstart": dt.date(2026, 3, 2),
                "rrule": {"freq": "weekly", "count": 3},
            },
        ],
        name=None,  # no calendar name to take a group from
    )
    table, problems = read_ical_plan(path, school())
    assert table["subject"].tolist() == ["biologie"]
    where = [(p.source, p.row, p.column, p.value) for p in problems]
    assert where == [  # one problem per event, also for a series
        ("mix.ics", 2, "kind", "2A Kerstviering"),
        ("mix.ics", 3, "subject", "2A SO"),
        ("mix.ics", 4, "group", "geschiedenis PO"),
        ("mix.ics", 5, "group", "Engels SO"),
    ]


def test_categories_and_description_lines(tmp_path: Path) -> None:
    path = ics(
        tmp_path / "beschrijving.ics",
        [
            {  # the category wins over the word `toets` in the title
                "summary": "Engels toets: unit 4",
                "categories": ["Toetsen", "SO"],
                "dtstart": dt.date(2026, 3, 9),
            },
            {
                "summary": "Proefwerk",
                "location": "lokaal 1.23",
                "description": "Vak: aardrijkskunde\nKlas: 3H1, 3H2\nDocent: BOS\nLesuur: 3\n"
                "Meenemen: atlas",
                "dtstart": dt.date(2026, 3, 10),
            },
        ],
        name="Toetsen 2A",
    )
    table, problems = read_ical_plan(path, school())
    assert problems == []
    assert table["kind"].tolist() == ["so", "proefwerk", "proefwerk"]
    assert table["group"].tolist() == ["2A", "3H1", "3H2"]  # a Klas line wins over the calendar
    assert table["subject"].tolist() == ["Engels", "aardrijkskunde", "aardrijkskunde"]
    second = table.iloc[1]
    assert (second["teacher"], second["period"], second["title"]) == ("BOS", 3, "Proefwerk")
    assert second["notes"] == "Meenemen: atlas"


def test_unreadable_ics_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kapot.ics"
    path.write_text("dit is geen agenda")
    with pytest.raises(InvalidInput, match=r"kapot\.ics.*not a readable iCalendar file"):
        read_ical_plan(path, school())


def test_events_without_a_usable_start_are_problems(tmp_path: Path) -> None:
    path = tmp_path / "start.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-WR-CALNAME:2A\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:wiskunde PW\r\nDTSTART:2026xx\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Engels SO\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Frans SO\r\nDTSTART;VALUE=DATE:20260310\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    table, problems = read_ical_plan(path, school())
    assert table["subject"].tolist() == ["Frans"]
    assert [(p.row, p.column, p.value) for p in problems] == [
        (1, "date", "wiskunde PW"),
        (2, "date", "Engels SO"),
    ]


def test_read_plan_takes_ics_by_its_extension(tmp_path: Path) -> None:
    path = ics(tmp_path / "p.ics", [{"summary": "nask PW", "dtstart": dt.date(2026, 3, 10)}])
    plan = read_plan([path], school())
    assert plan.assessments["subject"].tolist() == ["nask"] and plan.problems == []
