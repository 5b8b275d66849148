"""The canonical CSV reader: delimiters, encodings, Dutch column names, bad rows reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from planner.config import load_config
from planner.errors import InvalidInput
from planner.importers import read_members, read_plan
from planner.importers.common import parse_dates

CONFIG = load_config(None)


def plan_from(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "plan.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_plan([path], CONFIG)


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_delimiters(tmp_path: Path, sep: str) -> None:
    text = sep.join(["datum", "klas", "vak", "soort"]) + "\n"
    text += sep.join(["10-03-2026", "2A", "wiskunde", "PW"]) + "\n"
    plan = plan_from(tmp_path, text)
    assert plan.assessments["group"].tolist() == ["2A"]
    assert not plan.problems


def test_windows_encoding_and_bom(tmp_path: Path) -> None:
    text = "datum;klas;vak;soort;omschrijving\n10-03-2026;2A;Frans;PW;Leçon 3 – révision\n"
    cp = plan_from(tmp_path, text, "cp1252", "cp.csv")
    bom = plan_from(tmp_path, "\ufeff" + text, "utf-8", "bom.csv")
    assert cp.assessments["title"].tolist() == ["Leçon 3 – révision"]
    assert bom.assessments["title"].tolist() == ["Leçon 3 – révision"]


def test_dutch_columns_kinds_and_numbers(tmp_path: Path) -> None:
    plan = plan_from(
        tmp_path,
        "Datum;Klas;Vak;Soort;Weging;Minuten;Docent;Aangekondigd\n"
        "10-03-2026;2A;wiskunde;toets;1,5;;JNS;2026-03-01\n"
        "11-03-2026;2A;Engels;huiswerk;;45;PRK;\n"
        "12-03-2026;2A;biologie;SO;;;;\n",
    )
    table = plan.assessments
    assert table["kind"].tolist() == ["proefwerk", "huiswerk", "so"]
    assert table["weight"].tolist() == [1.5, 0.0, 0.5]  # given, then the kind's weight
    assert table["minutes"].fillna(-1).tolist() == [-1, 45, -1]
    assert table["teacher"].tolist() == ["JNS", "PRK", ""]
    assert table["announced"].iloc[0] == pd.Timestamp("2026-03-01")
    assert table["row"].tolist() == [2, 3, 4]


def test_bad_rows_are_reported_and_good_rows_load(tmp_path: Path) -> None:
    plan = plan_from(
        tmp_path,
        "datum,klas,vak,soort,minuten\n"
        "10-03-2026,2A,wiskunde,PW,\n"
        "not a date,2A,Engels,PW,\n"
        "11-03-2026,,Engels,PW,\n"
        "11-03-2026,2A,Engels,excursie,\n"
        "12-03-2026,2A,Engels,HW,veel\n"
        "13-03-2026,2A,Frans,SO,\n",
    )
    assert plan.assessments["subject"].tolist() == ["wiskunde", "Frans"]
    found = [(p.row, p.column, p.value) for p in plan.problems]
    assert found == [
        (3, "date", "not a date"),
        (4, "group", ""),
        (5, "kind", "excursie"),
        (6, "minutes", "veel"),
    ]
    assert all(p.source == "plan.csv" for p in plan.problems)
    assert "onbekende soort" in plan.problems[2].message


def test_several_groups_in_one_cell(tmp_path: Path) -> None:
    plan = plan_from(
        tmp_path,
        "datum;klas;vak;soort;id\n"
        "10-03-2026;2A, 2B;wiskunde;PW;\n"
        "11-03-2026;3 h1/3H2;Engels;PW;t7\n",
    )
    table = plan.assessments
    assert table["group"].tolist() == ["2A", "2B", "3h1", "3H2"]
    assert table["id"].iloc[2:].tolist() == ["t7-3h1", "t7-3H2"]
    assert table["id"].is_unique


def test_ids_are_stable_and_unique(tmp_path: Path) -> None:
    text = "datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n10-03-2026;2A;wiskunde;PW\n"
    first = plan_from(tmp_path, text).assessments["id"].tolist()
    again = plan_from(tmp_path, text).assessments["id"].tolist()
    assert first == again
    assert first[1] == first[0] + "-2"


def test_dates_in_every_accepted_spelling() -> None:
    values = pd.Series(
        ["2026-03-10", "10-03-2026", "10/3/2026", "10.03.2026", "di 10 maart 2026",
         "10 mrt 2026", "Tuesday 10 March 2026", "2026-03-10T09:00:00", "10-3-2026 08:30",
         "", "31-02-2026", "maart"],
    )  # fmt: skip
    parsed = parse_dates(values)
    assert (parsed.iloc[:9] == pd.Timestamp("2026-03-10")).all()
    assert parsed.iloc[9:].isna().all()


def test_unusable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="empty"):
        read_plan([empty], CONFIG)
    with pytest.raises(InvalidInput, match="missing required column"):
        plan_from(tmp_path, "datum;klas\n10-03-2026;2A\n")


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    plan = plan_from(tmp_path, "datum;klas;vak;soort\n\n10-03-2026;2A;wiskunde;PW\n;;;\n")
    assert len(plan.assessments) == 1
    assert not plan.problems


def test_members_drop_names_and_expand_groups(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(
        "Leerlingnummer;Naam;Klas\n250001;Anna de Vries;4H1, 4h.wisB\n250002;Bram;4H1\n;x;4H2\n",
        encoding="utf-8",
    )
    members, problems = read_members(path)
    assert list(members.columns) == ["pupil", "group"]
    assert members.values.tolist() == [
        ["250001", "4H1"],
        ["250001", "4h.wisB"],
        ["250002", "4H1"],
    ]
    assert [(p.row, p.column) for p in problems] == [(4, "Leerlingnummer")]
    assert "Anna" not in members.to_csv()


def test_excel_serial_numbers_and_english_month_first() -> None:
    values = pd.Series(["46091", "46091.375", "March 10, 2026", "Mar. 10 2026", "12345", "99999"])
    parsed = parse_dates(values)
    assert (parsed.iloc[:4] == pd.Timestamp("2026-03-10")).all()
    assert parsed.iloc[4:].isna().all()  # outside 1954-2119: not a date


def test_month_first_column_is_recognised(tmp_path: Path) -> None:
    # 03/13/2026 can only be month-first, so 03/04/2026 in the same file is 4 March.
    plan = plan_from(
        tmp_path,
        "date,group,subject,kind\n03/13/2026,2A,wiskunde,PW\n03/04/2026,2A,Engels,PW\n",
    )
    assert plan.assessments["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-03-13",
        "2026-03-04",
    ]


def test_school_year_decides_an_ambiguous_column(tmp_path: Path) -> None:
    config = load_config(None).with_period(dt.date(2025, 9, 1), dt.date(2026, 7, 17))
    path = tmp_path / "plan.csv"
    path.write_text(
        "datum;klas;vak;soort\n01-09-2025;2A;wiskunde;PW\n05-10-2025;2A;Engels;PW\n",
        encoding="utf-8",
    )
    plan = read_plan([path], config)
    # Month-first would give 9 Jan 2025 and 10 May 2025: before the school year.
    assert plan.assessments["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-09-01",
        "2025-10-05",
    ]
    assert not plan.problems


def test_still_ambiguous_dates_are_reported_not_guessed(tmp_path: Path) -> None:
    config = load_config(None).with_period(dt.date(2025, 9, 1), dt.date(2026, 7, 17))
    path = tmp_path / "plan.csv"
    # 03-04-2026 and 04-03-2026: both readings fall in the school year, nothing tells.
    path.write_text(
        "datum;klas;vak;soort\n03-04-2026;2A;wiskunde;PW\n04-03-2026;2A;Engels;PW\n"
        "2026-03-10;2A;Frans;PW\n",
        encoding="utf-8",
    )
    plan = read_plan([path], config)
    assert plan.assessments["subject"].tolist() == ["Frans"]
    assert [(p.row, p.column, p.value) for p in plan.problems] == [
        (2, "date", "03-04-2026"),
        (3, "date", "04-03-2026"),
    ]
    assert "dubbelzinnige datum" in plan.problems[0].message


def test_without_a_school_year_dutch_order_applies(tmp_path: Path) -> None:
    plan = plan_from(tmp_path, "datum;klas;vak;soort\n03-04-2026;2A;wiskunde;PW\n")
    assert plan.assessments["date"].iloc[0] == pd.Timestamp("2026-04-03")
    assert not plan.problems


def test_title_rows_quoted_newlines_and_trailing_columns(tmp_path: Path) -> None:
    plan = plan_from(
        tmp_path,
        "Toetsplanning 2A;;;;;\n"
        "Periode 3;;;;;\n"
        ";;;;;\n"
        "Datum;Klas;Vak;Soort;Omschrijving;;\n"
        '10-03-2026;2A;wiskunde;PW;"H3 breuken\nen procenten";;\n'
        "11-03-2026;2A;Engels;SO;unit 4;;\n"
        ";;;;;;\n",
    )
    table = plan.assessments
    assert table["subject"].tolist() == ["wiskunde", "Engels"]
    assert table["title"].iloc[0] == "H3 breuken\nen procenten"
    assert table["row"].tolist() == [5, 6]  # records as Excel numbers them
    assert not plan.problems


def test_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    text = "Datum\tKlas\tVak\tSoort\tOmschrijving\n10-03-2026\t2A\tFrans\tPW\tLeçon 3\n"
    plan = plan_from(tmp_path, "\ufeff" + text, encoding="utf-16-le", name="unicode.txt")
    assert plan.assessments["title"].tolist() == ["Leçon 3"]


def test_a_row_with_cells_beyond_the_header_is_reported(tmp_path: Path) -> None:
    plan = plan_from(
        tmp_path,
        "datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n11-03-2026;2A;Engels;SO;extra\n",
    )
    assert plan.assessments["subject"].tolist() == ["wiskunde"]
    assert [(p.row, p.value) for p in plan.problems] == [(3, "extra")]


def test_binary_file_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(b"\x00\x01\x02binary\x00" * 10)
    with pytest.raises(InvalidInput, match="binary"):
        read_plan([path], CONFIG)


def test_size_and_row_limits(tmp_path: Path) -> None:
    from planner.config import parse_config

    small = parse_config({"import": {"max_bytes": 50, "max_rows": 2}})
    path = tmp_path / "plan.csv"
    path.write_text("datum;klas;vak;soort\n" + "10-03-2026;2A;wi;PW\n" * 3, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"too large|te groot"):
        read_plan([path], small)
    few = parse_config({"import": {"max_rows": 2}})
    path.write_text("datum;klas;vak;soort\n" + "10-03-2026;2A;wi;PW\n" * 3, encoding="utf-8")
    with pytest.raises(InvalidInput, match="too many rows: 3"):
        read_plan([path], few)


def test_column_mapping_from_school_toml(tmp_path: Path) -> None:
    from planner.config import parse_config

    config = parse_config({"import": {"columns": {"Toetsmoment": "date", "Lesgroep": "group"}}})
    path = tmp_path / "plan.csv"
    path.write_text(
        "Toetsmoment;Lesgroep;Vak;Soort\n10-03-2026;4h.wisB;wiskunde B;PW\n", encoding="utf-8"
    )
    plan = read_plan([path], config)
    assert plan.assessments[["group", "subject"]].values.tolist() == [["4h.wisB", "wiskunde B"]]


def test_a_workbook_or_calendar_with_the_wrong_extension_is_read_as_what_it_is(
    tmp_path: Path,
) -> None:
    calendar = tmp_path / "agenda.csv"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTART;VALUE=DATE:20260310\r\nSUMMARY:wiskunde PW 2A\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        encoding="utf-8",
    )
    plan = read_plan([calendar], CONFIG)
    assert plan.assessments[["group", "subject", "kind"]].values.tolist() == [
        ["2A", "wiskunde", "proefwerk"]
    ]


def test_a_test_week_for_a_date(tmp_path: Path) -> None:
    # a PTA lists tests by their test week: the week's first day, for the timetable to place
    school = load_config(Path(__file__).parent.parent / "sample_data" / "school.toml")
    path = tmp_path / "pta.csv"
    path.write_text(
        "datum;klas;vak;soort\nToetsweek 1;4H1;geschiedenis;PW\n toetsweek  2 ;5V1;Duits;PW\n"
        "Toetsweek 9;4H1;aardrijkskunde;PW\n10-03-2026;2A;Engels;PW\n",
        encoding="utf-8",
    )
    plan = read_plan([path], school)
    assert plan.assessments["date"].dt.date.tolist() == [
        dt.date(2026, 1, 26), dt.date(2026, 3, 30), dt.date(2026, 3, 10),
    ]  # fmt: skip
    [bad] = plan.problems
    assert (bad.row, bad.column, bad.value) == (4, "date", "Toetsweek 9")
    assert bad.message == (
        "geen datum (schrijf 2026-03-10 of 10-03-2026, of een toetsweek: Toetsweek 1, Toetsweek 2)"
    )
    # a school without test weeks: the plain message
    without = plan_from(tmp_path, "datum;klas;vak;soort\nToetsweek 1;4H1;geschiedenis;PW\n")
    assert without.assessments.empty
    assert without.problems[0].message == "geen datum (schrijf 2026-03-10 of 10-03-2026)"


def test_the_planners_own_protective_quote_is_taken_off(tmp_path: Path) -> None:
    """A cell the planner wrote as `'=...` (so a spreadsheet keeps it text) reads as `=...`;
    a teacher's own apostrophe (`'s middags`) and a quote before ordinary text stay, also
    under two columns with the same name."""
    from planner.importers.from_csv import read_csv_cells

    path = tmp_path / "cells.csv"
    path.write_text(
        "datum,klas,vak,soort,omschrijving,omschrijving\n"
        "10-03-2026,2A,'-wi,PW,'=1+2,'s middags\n"
        "10-03-2026,2A,'@wi,PW,''=x,'\tTAB\n",
        encoding="utf-8",
    )
    cells = read_csv_cells(path)[0]
    assert cells.iloc[:, 2].tolist() == ["-wi", "@wi"]
    assert cells.iloc[:, 4].tolist() == ["=1+2", "''=x"]
    assert cells.iloc[:, 5].tolist() == ["'s middags", "\tTAB"]
