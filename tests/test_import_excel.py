"""Excel plans as teachers keep them: the committed workbooks in tests/fixtures/excel (made by
make_fixtures.py there), and a few made here for the settings and the limits."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import python_calamine

from planner.config import SchoolConfig, parse_config
from planner.errors import InvalidInput
from planner.i18n import problem
from planner.importers import excel_book, read_file
from planner.importers.excel_grid import leading_subject, split_cell
from planner.importers.from_excel import read_excel_plan
from planner.model import ImportProblem

FIXTURES = Path(__file__).parent / "fixtures" / "excel"
CALENDAR = "[calendar]\nstart = 2025-09-01\nend = 2026-07-17\n"


def school(extra: str = "", *, calendar: bool = True) -> SchoolConfig:
    """The default kinds, in Dutch; the 2025-2026 school year unless `calendar` is False."""
    text = '[school]\nname = "Testschool"\n' + (CALENDAR if calendar else "") + extra
    return parse_config(tomllib.loads(text), "test.toml")


Row = tuple[Any, ...]


def rows(table: pd.DataFrame, *columns: str) -> list[Row]:
    """(date, group, subject, kind, title, row) of every assessment, or the columns asked."""
    columns = columns or ("date", "group", "subject", "kind", "title", "row")
    out = table[list(columns)].copy()
    if "date" in out:
        out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return [tuple(r) for r in out.itertuples(index=False, name=None)]


def where(problems: list[ImportProblem]) -> list[tuple[str, int | None, str | None, str | None]]:
    return [(p.source, p.row, p.column, p.value) for p in problems]


def read(name: str, config: SchoolConfig | None = None) -> tuple[pd.DataFrame, list[ImportProblem]]:
    return read_excel_plan(FIXTURES / name, config or school())


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for name, content in sheets.items():
        sheet = book.create_sheet(name)
        for row in content:
            sheet.append(row)
    book.save(path)
    return path


def known_kinds(config: SchoolConfig) -> str:
    return ", ".join(sorted({a for k in config.kinds.values() for a in k.aliases}))


# --- long tables -----------------------------------------------------------------------------


def test_long_plan_under_title_rows_with_dutch_headers_and_bad_cells() -> None:
    table, problems = read("long_titles.xlsx")
    assert rows(table) == [
        ("2026-03-09", "3H1", "wiskunde", "proefwerk", "H6 Lineaire verbanden", 5),
        ("2026-03-10", "3H1", "Engels", "so", "Unit 5", 6),  # a date-time at midnight
        ("2026-03-12", "3H1", "Frans", "proefwerk", "Unité 4", 7),  # typed as text
        ("2026-03-12", "3H2", "Frans", "proefwerk", "Unité 4", 7),
        ("2026-03-16", "3H2", "biologie", "huiswerk", "blz 40-42", 8),  # serial 46097
        ("2026-03-19", "3H1", "geschiedenis", "po", "Werkstuk", 11),  # the text "46100"
        ("2026-03-24", "3H2", "nask", "so", "Hoofdstuk 5", 13),  # di 24 maart 2026
    ]
    assert table["teacher"].tolist()[0] == "BOS"
    assert table["minutes"].fillna(-1).tolist() == [-1, -1, -1, -1, 30, -1, -1]
    assert table["weight"].tolist() == [1.0, 0.5, 1.0, 1.0, 0.0, 1.5, 0.5]  # "1,5" given
    assert set(table["source"]) == {"long_titles.xlsx"}  # one sheet: the file's name alone
    assert where(problems) == [
        ("long_titles.xlsx", 9, "date", "31-02-2026"),
        ("long_titles.xlsx", 10, "minutes", "twintig"),
    ]
    assert [p.message for p in problems] == [problem("date", "nl"), problem("number", "nl")]


def test_a_merged_date_counts_for_every_row_it_covers() -> None:
    table, problems = read("merged_dates.xlsx")
    assert problems == []
    assert rows(table) == [
        ("2026-01-26", "4H1", "wiskunde A", "proefwerk", "H1-H4", 3),
        ("2026-01-26", "4H1", "Engels", "proefwerk", "Reading", 4),
        ("2026-01-26", "4H1", "biologie", "so", "Cellen", 5),
        ("2026-01-27", "4H1", "geschiedenis", "proefwerk", "H3-H4", 6),
        ("2026-01-27", "4H2", "geschiedenis", "proefwerk", "H3-H4", 7),  # all but the class
    ]


def test_the_schools_own_column_names_find_the_header(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "eigen.xlsx",
        {"S": [["Planning"], ["Wanneer", "Klas", "Vak", "Wat"], ["10-03-2026", "2A", "ak", "SO"]]},
    )
    config = school('[import]\ncolumns = { "Wanneer" = "date", "Wat" = "kind" }\n')
    table, problems = read_excel_plan(path, config)
    assert problems == []
    assert rows(table) == [("2026-03-10", "2A", "ak", "so", "", 3)]


def test_a_repeated_header_row_is_no_assessment(tmp_path: Path) -> None:
    header = ["Datum", "Klas", "Vak", "Soort"]
    path = workbook(
        tmp_path / "blokken.xlsx",
        {
            "S": [
                header,
                [dt.date(2026, 3, 9), "2A", "ak", "SO"],
                header,
                [dt.date(2026, 3, 10), "2B", "ak", "SO"],
            ]
        },
    )
    table, problems = read_excel_plan(path, school())
    assert problems == []
    assert rows(table, "group", "row") == [("2A", 2), ("2B", 4)]


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "macro.xlsm"
    shutil.copy(FIXTURES / "merged_dates.xlsx", path)
    table, problems = read_file(path, school())
    assert problems == [] and len(table) == 5
    assert set(table["source"]) == {"macro.xlsm"}


# --- planner grids ---------------------------------------------------------------------------


def test_grid_with_subjects_across_for_the_class_in_a_title_cell() -> None:
    config = school()
    table, problems = read("grid_subjects_2a.xlsx", config)
    assert rows(table) == [
        ("2026-03-09", "2A", "Nederlands", "proefwerk", "H4 spelling", 5),
        ("2026-03-09", "2A", "wiskunde", "so", "hfst 3", 5),
        ("2026-03-10", "2A", "Engels", "so", "unit 5", 6),
        ("2026-03-10", "2A", "wiskunde", "proefwerk", "H4", 6),  # PW H4 + HW blz 12
        ("2026-03-10", "2A", "wiskunde", "huiswerk", "blz 12", 6),
        ("2026-03-11", "2A", "biologie", "proefwerk", "de cel", 7),  # wo 11 mrt, two lines
        ("2026-03-11", "2A", "biologie", "huiswerk", "vragen 1-5", 7),
        ("2026-03-16", "2A", "biologie", "po", "practicum", 11),  # merged over two days
        ("2026-03-17", "2A", "biologie", "po", "practicum", 12),
    ]
    assert table["notes"].tolist()[2:5] == ["ouderavond"] * 3  # the Opmerkingen column
    assert set(table["source"]) == {"grid_subjects_2a.xlsx"}
    assert where(problems) == [
        ("grid_subjects_2a.xlsx", 8, "Nederlands", "excursie"),
        ("grid_subjects_2a.xlsx", 9, "date", "31-02-2026"),  # once, for the row's date
    ]
    assert problems[0].message == problem("grid_no_kind", "nl", known=known_kinds(config))
    assert problems[1].message == problem("date", "nl")


def test_grid_with_groups_across_and_week_and_day_down() -> None:
    expected = [
        ("2026-03-09", "2A", "wiskunde", "proefwerk", "H3", 4),
        ("2026-03-10", "2B", "Engels", "so", "unit 4", 5),
        ("2026-03-11", "4h.wisB", "wiskunde B", "proefwerk", "", 6),
        ("2026-03-11", "4h.wisB", "wiskunde B", "huiswerk", "par 3.2", 6),  # subject carried
        ("2026-03-12", "2A", "Frans", "so", "", 7),
        ("2026-03-12", "2A", "Duits", "so", "", 7),
        ("2026-03-13", "3H1", "geschiedenis", "po", "", 8),
        ("2026-03-16", "2A", "biologie", "huiswerk", "blz 40", 9),  # "week 12", merged
        ("2026-03-17", "3H1", "nask", "proefwerk", "", 10),
    ]
    for config in (school(), school(calendar=False)):  # the school year, or the title's
        table, problems = read("grid_groups.xlsx", config)
        assert rows(table) == expected
        assert where(problems) == [("grid_groups.xlsx", 5, "3H1", "PW H5")]
        assert problems[0].message == problem("grid_no_subject", "nl")


def test_grid_dates_without_a_year_need_the_school_year(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "2b.xlsx",
        {
            "2B": [
                ["Week", "Dag", "wiskunde", "Engels"],
                ["week 11", "ma", "PW H3"],
                [None, None, None, "SO"],  # no day
                ["", "wo 11 mrt", "HW"],  # a date without a year
                ["", "12-03-2026", "HW"],  # a date with one
                [46096, None, "SO"],  # a date serial number in a text cell
            ]
        },
    )
    table, problems = read_excel_plan(path, school(calendar=False))
    assert rows(table) == [
        ("2026-03-12", "2B", "wiskunde", "huiswerk", "", 5),
        ("2026-03-15", "2B", "wiskunde", "so", "", 6),
    ]
    assert where(problems) == [
        ("2b.xlsx", 2, "date", "week 11 ma"),
        ("2b.xlsx", 3, "date", ""),
        ("2b.xlsx", 4, "date", "wo 11 mrt"),
    ]
    assert [p.message for p in problems] == [
        problem("grid_no_year", "nl"),
        problem("empty", "nl", column="date"),
        problem("grid_no_year", "nl"),
    ]
    table, problems = read_excel_plan(path, school())
    assert rows(table, "date", "row") == [
        ("2026-03-09", 2),
        ("2026-03-11", 4),
        ("2026-03-12", 5),
        ("2026-03-15", 6),
    ]
    assert where(problems) == [("2b.xlsx", 3, "date", "")]


def test_grid_week_without_a_day_is_reported(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "weken.xlsx",
        {"2A": [["Week", "wiskunde", "Engels"], [11, "PW H3", "SO"], [12, None, "HW"]]},
    )
    table, problems = read_excel_plan(path, school())
    assert table.empty
    assert where(problems) == [
        ("weken.xlsx", 2, "date", "week 11"),
        ("weken.xlsx", 3, "date", "week 12"),
    ]
    assert {p.message for p in problems} == {problem("grid_no_day", "nl")}


def test_grid_without_a_class_reports_every_cell_under_its_heading(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "planner.xlsx",
        {
            "Periode 3": [
                ["Datum", "wiskunde", "Engels", None],
                [dt.date(2026, 3, 9), "PW H3", "SO + HW", None],
                [dt.date(2026, 3, 10), None, None, "PW"],  # under no heading
            ]
        },
    )
    table, problems = read_excel_plan(path, school())
    assert table.empty
    assert where(problems) == [
        ("planner.xlsx", 2, "wiskunde", "PW H3"),
        ("planner.xlsx", 2, "Engels", "SO"),
        ("planner.xlsx", 2, "Engels", "HW"),
        ("planner.xlsx", 3, "column 4", "PW"),
    ]
    assert [p.message for p in problems][:3] == [problem("grid_no_group", "nl")] * 3
    assert problems[3].message == problem("grid_no_heading", "nl")


def test_grid_of_one_teacher_for_several_classes_with_the_subject_above(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "wiskunde.xlsx",
        {
            "Blad1": [
                ["Vak:", "wiskunde"],
                ["Datum", "2A", "2B", "Opmerkingen"],
                [dt.date(2026, 3, 9), "PW H3", "Engels SO", "les 3"],
            ]
        },
    )
    table, problems = read_excel_plan(path, school())
    assert problems == []
    assert rows(table, "group", "subject", "kind", "title", "notes") == [
        ("2A", "wiskunde", "proefwerk", "H3", "les 3"),
        ("2B", "Engels", "so", "", "les 3"),  # the cell's own subject wins
    ]


def test_grid_with_week_11_in_the_corner() -> None:
    # the corner said `Week 11`, not Datum: the whole workbook used to be "no plan"
    table, problems = read("grid_week_corner.xlsx")
    assert rows(table) == [
        ("2026-03-09", "2B", "Nederlands", "proefwerk", "H5 spelling", 2),
        ("2026-03-10", "2B", "wiskunde", "so", "par 4.1", 3),  # `di 10-3-2026`
        ("2026-03-11", "2B", "Engels", "huiswerk", "unit 3 blz 40", 4),  # `wo` in week 11
        ("2026-03-12", "2B", "Nederlands", "so", "woordenschat", 5),  # `do 12 mrt`
        ("2026-03-12", "2B", "Engels", "po", "presentatie", 5),
    ]
    assert where(problems) == [("grid_week_corner.xlsx", 6, "date", "ma 13-3-2026")]
    assert problems[0].message == "13 maart 2026 is een vrijdag, geen maandag"


@pytest.mark.parametrize("corner", ["Week 11", "wk 11", "WK. 11", "w11", "Datum", None])
def test_a_grid_whatever_its_corner_cell_says(tmp_path: Path, corner: str | None) -> None:
    path = workbook(
        tmp_path / "week.xlsx",
        {
            "3H1": [
                [corner, "wiskunde", "Engels"],
                [dt.date(2026, 3, 9), "PW H3"],
                ["di 10-3-2026", None, "SO unit 4"],
                ["wo", "HW par 3.2"],  # a day alone: the corner's week, if it names one
            ]
        },
    )
    table, problems = read_excel_plan(path, school())
    assert rows(table, "date", "subject", "row")[:2] == [
        ("2026-03-09", "wiskunde", 2),
        ("2026-03-10", "Engels", 3),
    ]
    if corner is not None and "11" in corner:
        assert problems == [] and rows(table, "date", "row")[2] == ("2026-03-11", 4)
    else:
        assert where(problems) == [("week.xlsx", 4, "date", "wo")]


@pytest.mark.parametrize("corner", ["Omschrijving", "kolom 1", "Weekend"])
def test_another_label_in_the_corner_is_a_long_table_not_a_grid(
    tmp_path: Path, corner: str
) -> None:
    # a long table whose names are not known yet: the upload page offers to map them
    path = workbook(
        tmp_path / "lang.xlsx",
        {"Blad1": [[corner, "wiskunde"], [dt.date(2026, 3, 9), "PW H3"]]},
    )
    with pytest.raises(InvalidInput, match="planner grid"):
        read_excel_plan(path, school())


def test_cells_split_into_assessments_and_subjects() -> None:
    assert split_cell("PW H4 + HW blz 12") == ["PW H4", "HW blz 12"]
    assert split_cell("SO; HW\nleren\r\n+") == ["SO", "HW", "leren"]
    assert leading_subject("wiskunde B: ") == ("wiskunde B", "")
    assert leading_subject("Engels 3 ") == ("Engels", "3")


# --- which sheets, which layout ----------------------------------------------------------------


def test_two_plan_sheets_a_notes_sheet_and_a_hidden_old_sheet() -> None:
    table, problems = read("two_plans_and_notes.xlsx")
    assert problems == []  # notes without a kind are no plan; hidden sheets are not read
    first, grid = "two_plans_and_notes.xlsx[Periode 1]", "two_plans_and_notes.xlsx[4H1]"
    assert rows(table, "date", "group", "subject", "kind", "title", "source", "row") == [
        ("2025-10-01", "4H1", "Engels", "so", "", first, 2),
        ("2025-10-08", "4h.wisB", "wiskunde", "proefwerk", "", first, 3),
        ("2025-10-08", "4h.wisA", "wiskunde", "proefwerk", "", first, 3),
        ("2025-11-03", "4H1", "Nederlands", "proefwerk", "H2", grid, 2),  # group: sheet name
        ("2025-11-04", "4H1", "economie", "so", "H3", grid, 3),
    ]


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [
        ("4H1", [("4H1", "Nederlands", 2), ("4H1", "economie", 3)]),
        (
            "periode 1",
            [("4H1", "Engels", 2), ("4h.wisB", "wiskunde", 3), ("4h.wisA", "wiskunde", 3)],
        ),
        ("Oud", [("3H1", "Engels", 2)]),  # a hidden sheet is read when it is asked for
    ],
)
def test_import_sheet_reads_only_that_sheet(sheet: str, expected: list[Row]) -> None:
    table, problems = read("two_plans_and_notes.xlsx", school(f'[import]\nsheet = "{sheet}"\n'))
    assert problems == []
    assert rows(table, "group", "subject", "row") == expected


def test_import_sheet_that_does_not_exist_names_the_sheets_that_do() -> None:
    with pytest.raises(InvalidInput) as caught:
        read("two_plans_and_notes.xlsx", school('[import]\nsheet = "Periode 9"\n'))
    assert caught.value.one_line("nl") == (
        "two_plans_and_notes.xlsx: werkblad 'Periode 9' ([import] sheet) bestaat niet; "
        "de werkbladen zijn: Toelichting, Periode 1, 4H1, Oud"
    )


def test_import_layout_long_and_grid() -> None:
    long, problems = read("two_plans_and_notes.xlsx", school('[import]\nlayout = "long"\n'))
    assert problems == []
    assert set(long["source"]) == {"two_plans_and_notes.xlsx[Periode 1]"}
    config = school('[import]\nlayout = "grid"\n')
    grid, problems = read("two_plans_and_notes.xlsx", config)
    assert set(grid["source"]) == {"two_plans_and_notes.xlsx[4H1]"}
    # Forced to be a grid, the notes sheet is read as one, and its cells hold no kind.
    assert where(problems) == [
        ("two_plans_and_notes.xlsx[Toelichting]", 4, "Activiteit", "Ouderavond"),
        ("two_plans_and_notes.xlsx[Toelichting]", 5, "Activiteit", "Studiedag"),
    ]
    with pytest.raises(InvalidInput, match=r"grid_groups\.xlsx.*no sheet has the columns"):
        read("grid_groups.xlsx", school('[import]\nlayout = "long"\n'))
    with pytest.raises(InvalidInput, match=r"long_titles\.xlsx.*no sheet is a planner grid"):
        read("long_titles.xlsx", school('[import]\nlayout = "grid"\n'))


def test_a_sheet_with_dates_and_words_but_no_tests_is_no_plan(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "agenda.xlsx",
        {"S": [["Datum", "Activiteit"], [dt.date(2026, 3, 9), "Ouderavond"]]},
    )
    with pytest.raises(InvalidInput, match=r"agenda\.xlsx.*nor is any sheet a planner grid"):
        read_excel_plan(path, school())


# --- files that are no (usable) workbook -------------------------------------------------------


def test_an_encrypted_workbook_is_refused_in_words_a_teacher_understands() -> None:
    with pytest.raises(InvalidInput) as caught:
        read("encrypted.xlsx")
    assert caught.value.one_line("nl") == (
        "encrypted.xlsx: versleuteld of oud .xls-bestand: sla het op als .xlsx zonder wachtwoord"
    )
    assert caught.value.one_line("en") == (
        "encrypted.xlsx: encrypted or old .xls file: save it as .xlsx without a password"
    )


def test_a_csv_saved_as_xlsx_is_refused_as_text() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_file(FIXTURES / "csv_named.xlsx", school())
    assert caught.value.one_line("nl") == (
        "csv_named.xlsx: geen leesbaar Excel-bestand maar tekst (CSV?): geef het de extensie "
        ".csv of sla het in Excel op als .xlsx"
    )


def test_an_empty_workbook() -> None:
    with pytest.raises(InvalidInput) as caught:
        read("empty.xlsx")
    assert caught.value.one_line("nl") == "empty.xlsx: de werkmap is leeg"


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    with pytest.raises(InvalidInput) as caught:
        read("bomb.xlsx")
    assert caught.value.one_line("en") == (
        "bomb.xlsx: part xl/worksheets/sheet1.xml unpacks to 1028 times its size (an ordinary "
        "workbook at most 100 times): not an ordinary workbook"
    )
    # With a lower size limit, the total unpacked size is over 20 times it.
    with pytest.raises(InvalidInput) as caught:
        read("bomb.xlsx", school("[import]\nmax_bytes = 100000\n"))
    assert caught.value.one_line("en") == (
        "bomb.xlsx: unpacks to 50000061 bytes, more than 2000000 (20 x [import] max_bytes): "
        "not an ordinary workbook"
    )


def test_size_and_row_limits() -> None:
    with pytest.raises(InvalidInput) as caught:
        read("long_titles.xlsx", school("[import]\nmax_bytes = 1000\n"))
    size = (FIXTURES / "long_titles.xlsx").stat().st_size
    assert caught.value.one_line("en") == (
        f"long_titles.xlsx: the file has {size} bytes, more than [import] max_bytes = 1000"
    )
    with pytest.raises(InvalidInput) as caught:
        read("long_titles.xlsx", school("[import]\nmax_rows = 12\n"))
    assert caught.value.one_line("en") == (
        "long_titles.xlsx: sheet 'Planning' has 13 rows, more than [import] max_rows = 12: "
        "split the file or raise max_rows"
    )
    table, _ = read("long_titles.xlsx", school("[import]\nmax_rows = 13\n"))
    assert len(table) == 7


def test_files_that_are_no_workbook(tmp_path: Path) -> None:
    document = tmp_path / "brief.xlsx"  # a Word document renamed
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    binary = tmp_path / "foto.xlsx"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for path in (document, binary):
        with pytest.raises(InvalidInput) as caught:
            read_excel_plan(path, school())
        assert caught.value.one_line("en") == (
            f"{path.name}: not a readable Excel file: it is no .xlsx workbook"
        )
    broken = tmp_path / "kapot.xlsx"  # a workbook that neither reader can open
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "dit is geen xml <<<")
    with pytest.raises(InvalidInput, match=r"kapot\.xlsx: not a readable Excel file \(.+\)"):
        read_excel_plan(broken, school())


# --- openpyxl when calamine fails --------------------------------------------------------------


@pytest.mark.parametrize("name", ["merged_dates.xlsx", "grid_subjects_2a.xlsx", "grid_groups.xlsx"])
def test_openpyxl_reads_what_calamine_cannot(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    by_calamine = read(name)

    def fail(path: Path, config: SchoolConfig) -> excel_book.Book:
        raise python_calamine.CalamineError("cannot read")

    monkeypatch.setattr(excel_book, "_read_calamine", fail)
    by_openpyxl = read(name)
    pd.testing.assert_frame_equal(by_openpyxl[0], by_calamine[0])
    assert by_openpyxl[1] == by_calamine[1]


def test_openpyxl_fallback_honours_sheet_visibility_and_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(path: Path, config: SchoolConfig) -> excel_book.Book:
        raise python_calamine.CalamineError("cannot read")

    monkeypatch.setattr(excel_book, "_read_calamine", fail)
    table, _ = read("two_plans_and_notes.xlsx")
    assert sorted(set(table["source"])) == [
        "two_plans_and_notes.xlsx[4H1]",
        "two_plans_and_notes.xlsx[Periode 1]",
    ]
    with pytest.raises(InvalidInput, match="has 13 rows, more than"):
        read("long_titles.xlsx", school("[import]\nmax_rows = 12\n"))
    with pytest.raises(InvalidInput, match=r"the workbook is empty"):
        read("empty.xlsx")


def test_fixture_script_makes_what_is_committed(tmp_path: Path) -> None:
    """The committed workbooks hold what make_fixtures.py writes (content, not bytes)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    setattr(module, "HERE", tmp_path)  # noqa: B010
    for name, make in (
        ("grid_groups.xlsx", module.grid_groups),
        ("grid_week_corner.xlsx", module.grid_week_corner),
    ):
        make()
        made = read_excel_plan(tmp_path / name, school())[0]
        committed = read(name)[0]
        assert rows(made) == rows(committed)


# --- sheets that reach far: refused before calamine would allocate them ----------------------


def test_a_stray_value_far_to_the_right_of_a_plan() -> None:
    table, problems = read("stray_cell.xlsx")  # 72 x 16384 cells: within the default limit
    assert problems == [] and len(table) == 70
    with pytest.raises(InvalidInput) as caught:
        read("stray_cell.xlsx", school("[import]\nmax_rows = 1000\n"))
    assert caught.value.one_line("nl") == (
        "stray_cell.xlsx: werkblad 'Planning' beslaat 72 rijen bij 16384 kolommen, meer dan "
        "1000000 cellen: staat er iets ver rechts of onder de tabel? Haal het weg of splits het "
        "bestand"
    )


def test_two_cells_in_opposite_corners_under_a_lying_dimension() -> None:
    """calamine would abort the process allocating 1048576 x 16384 cells."""
    with pytest.raises(InvalidInput) as caught:
        read("corners.xlsx")
    assert caught.value.one_line("en") == (
        "corners.xlsx: sheet 'Planning' has 1048576 rows, more than [import] max_rows = 200000: "
        "split the file or raise max_rows"
    )
    with pytest.raises(InvalidInput) as caught:
        read("corners.xlsx", school("[import]\nmax_rows = 2000000\n"))
    assert caught.value.one_line("en") == (
        "corners.xlsx: sheet 'Planning' spans 1048576 rows by 16384 columns, more than "
        "100000000 cells: is there something far to the right of or below the table? Remove it "
        "or split the file"
    )


def test_a_wide_grid_is_no_stray_value(tmp_path: Path) -> None:
    groups = [f"{year}{letter}" for year in (1, 2, 3) for letter in "ABCDEFGHIJ"]
    path = workbook(
        tmp_path / "breed.xlsx",
        {"Onderbouw": [["Datum", *groups], [dt.date(2026, 3, 9), *(["wiskunde PW"] * 30)]]},
    )
    for config in (school(), school("[import]\nmax_rows = 1000\n")):
        table, problems = read_excel_plan(path, config)
        assert problems == [] and table["group"].tolist() == groups


def test_a_zip_with_a_compression_method_python_does_not_know(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # method 99: AES
        start = data.find(signature)
        while start != -1:
            data[start + offset : start + offset + 2] = (99).to_bytes(2, "little")
            start = data.find(signature, start + 4)
    path = tmp_path / "aes.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match=r"aes\.xlsx: not a readable Excel file: it is no"):
        read_excel_plan(path, school())


def test_a_workbook_whose_only_plan_is_hidden(tmp_path: Path) -> None:
    path = workbook(tmp_path / "verborgen.xlsx", {"Oud": [["Datum", "Klas", "Vak", "Soort"]]})
    book = openpyxl.load_workbook(path)
    book.create_sheet("Grafiek")
    book["Oud"].sheet_state = "hidden"
    book.active = 1
    book.save(path)
    with pytest.raises(InvalidInput, match=r"verborgen\.xlsx: no sheet has the columns"):
        read_excel_plan(path, school())
