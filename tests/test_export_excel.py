"""planner.exporters.to_excel: the conflict report read back with openpyxl: sheets, values,
real dates, formats, and no formula or link from users' text."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import make_config, make_plan

from planner import check, load_config, read_members, read_plan
from planner.diff import compare
from planner.exporters import Report, make_report
from planner.exporters.to_excel import excel_bytes, week_excel_bytes
from planner.model import Plan
from planner.testweek import solve, week_problem, year_timetable
from planner.views.actions import kind_names

SAMPLE = Path(__file__).parent.parent / "sample_data"
MADE = dt.datetime(2026, 3, 2, 9, 0)
# openpyxl reads but does not keep Excel 2010's data bars: not our concern here
pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")


@pytest.fixture(scope="module")
def sample() -> Report:
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan([SAMPLE / "plan.csv"], config)
    members, _ = read_members(SAMPLE / "members.csv")
    return make_report(plan, config, title="Voorbeeldcollege", made=MADE, members=members)


def book_of(report: Report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(excel_bytes(report)))


def test_the_sheets_and_key_figures(sample: Report) -> None:
    book = book_of(sample)
    assert book.sheetnames == [
        "Samenvatting", "Bevindingen", "Toetsen per bevinding", "Per docent", "Belasting",
        "Leerlingen", "Inleesproblemen",
    ]  # fmt: skip
    summary = book["Samenvatting"]
    figures = {
        r[0]: r[1] for r in summary.iter_rows(min_row=5, max_row=16, values_only=True) if r[0]
    }
    assert figures["Fouten"] == 24 and figures["Waarschuwingen"] == 19
    assert figures["Leerlingen"] == 593 and figures["Open fouten"] == 24
    english = book_of(make_report(
        sample.plan, sample.config, title="x", made=MADE, members=sample.members, lang="en"
    ))  # fmt: skip
    assert english.sheetnames[:5] == [
        "Summary", "Findings", "Tests per finding", "Per teacher", "Load",
    ]  # fmt: skip


def test_every_finding_with_real_dates(sample: Report) -> None:
    sheet = book_of(sample)["Bevindingen"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) - 1 == len(sample.findings) == 54
    assert rows[0][:6] == ("regel", "ernst", "groep", "leerling", "van", "tot en met")
    crowded = next(r for r in rows if str(r[9]).startswith("2A heeft op di 10 mrt 3 toetsen"))
    assert crowded[1] == "fout" and crowded[3] is None
    assert crowded[4] == dt.datetime(2026, 3, 10) and crowded[5] == dt.datetime(2026, 3, 10)
    assert "dd-mm-yyyy" in sheet.cell(row=2, column=5).number_format
    assert crowded[7] == 2.5 and crowded[8] == 2  # value and limit as numbers
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:O{len(rows)}"


def test_each_findings_tests_and_each_teachers_list(sample: Report) -> None:
    book = book_of(sample)
    table = sample.plan.assessments.set_index("id")
    rows = list(book["Toetsen per bevinding"].iter_rows(values_only=True))
    assert rows[0] == ("nr.", "ernst", "bevinding", "datum", "groep", "vak", "soort", "titel",
                       "docent")  # fmt: skip
    listed = sum(len(a) for a in sample.findings["assessments"])
    assert len(rows) - 1 == listed  # no decisions yet: every finding's every test
    # kinds as the school names them: school.toml's first alias (`PW`), not the key
    school = {"proefwerk": "PW", "so": "SO", "po": "PO", "mondeling": "MO", "huiswerk": "HW"}
    assert kind_names(sample.config.kinds) == school
    for number, _, message, day, group, subject, kind, title, teacher in rows[1:]:
        finding = sample.findings.iloc[number - 1]
        assert message == finding["message"]
        tests = {
            (t["date"].date(), t["group"], t["subject"], school[t["kind"]], t["title"] or "",
             t["teacher"])
            for t in (table.loc[i] for i in finding["assessments"])
        }  # fmt: skip
        assert (day.date(), group, subject, kind, title or "", teacher) in tests
    assert {r[6] for r in rows[1:]} <= set(school.values())
    # per teacher: their tests in open errors and warnings, each once
    mine = list(book["Per docent"].iter_rows(values_only=True))
    assert mine[0][:4] == ("docent", "datum", "voorgestelde datum", "groep")
    mine = mine[1:]
    acting = sample.findings[sample.findings["severity"].isin(["error", "warning"])]
    expected = {
        (str(table.loc[i, "teacher"]), i)
        for ids in acting["assessments"] for i in ids
    }  # fmt: skip
    assert len(mine) == len(expected)
    assert {r[0] for r in mine} == {t for t, _ in expected}
    assert all(r[7] >= 1 and r[9] for r in mine)  # how many findings, and their sentences
    assert all(r[2] is None for r in mine)  # no repair asked: no suggested date


def test_each_teachers_list_has_the_suggested_dates(sample: Report) -> None:
    """With a repair's moves, a test in an open finding that moves shows its new date; the
    others none (English headers)."""
    moved = sample.per_teacher["id"].iloc[0]
    row = sample.plan.assessments.set_index("id").loc[moved]
    day = dt.date(2026, 3, 12)
    report = make_report(
        sample.plan, sample.config, title="x", made=MADE, members=sample.members, lang="en",
        suggested={moved: day, "not-in-any-finding": dt.date(2026, 1, 5)},
    )  # fmt: skip
    rows = list(book_of(report)["Per teacher"].iter_rows(values_only=True))
    assert rows[0][:3] == ("teacher", "date", "suggested date")
    hits = [r for r in rows[1:] if r[2] is not None]
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in hits] == [
        (row["teacher"], row["date"].to_pydatetime(), dt.datetime(2026, 3, 12), row["group"],
         row["subject"])
    ]  # fmt: skip


def test_the_load_grid_has_the_dashboards_colours(sample: Report) -> None:
    sheet = book_of(sample)["Belasting"]
    rules = [r for rng in sheet.conditional_formatting for r in rng.rules]
    assert [r.type for r in rules] == ["colorScale"]
    colours = [c.rgb for c in rules[0].colorScale.color]
    assert colours == ["FFF7FBFF", "FF6BAED6", "FF08306B"]
    heads = [c.value for c in sheet[3]]
    week_11 = next(i for i, h in enumerate(heads) if h and str(h).startswith("wk 11\n"))
    row_2a = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "2A")
    cell = row_2a[week_11]
    grid = sample.grid
    expected = grid[(grid["group"] == "2A") & (grid["week"] == 202611)]["load"].item()
    assert cell.value == expected
    assert cell.border.left.style == "thick"  # a week with an error


def test_pupils_without_names(sample: Report) -> None:
    sheet = book_of(sample)["Leerlingen"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 593 and len({r[0] for r in rows}) == 593
    assert all(str(r[0]).isdigit() for r in rows)  # pseudonymous numbers only
    assert rows[0][7] >= rows[-1][7]  # most weeks over the limit first


def test_users_text_is_never_a_formula_or_a_link(tmp_path: Path) -> None:
    config = make_config()
    nasty = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1)", "-2+3"]
    plan = make_plan(
        [("2026-03-10", "2A", "wiskunde", "PW")] * 4, config,
        title=nasty, teacher=nasty, notes=nasty, id=["a1", "a2", "a3", "a4"],
    )  # fmt: skip
    report = make_report(plan, config, title="=1+1", made=MADE)
    data = excel_bytes(report)
    book = openpyxl.load_workbook(io.BytesIO(data))
    texts = set()
    for sheet in book.worksheets:
        assert not sheet._hyperlinks
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                texts.add(cell.value)
    assert "=1+1" in texts  # the title, as text
    # and the findings name the tests literally
    messages = [str(t) for t in texts if isinstance(t, str) and "heeft op di 10 mrt" in t]
    assert messages


def test_before_and_after(sample: Report) -> None:
    table = sample.plan.assessments
    crowded = (table["group"] == "2A") & (table["date"] == pd.Timestamp("2026-03-10"))
    biology = table.index[crowded & (table["subject"] == "biologie")][0]
    moved = Plan(table.assign(date=table["date"].where(table.index != biology,
                                                       pd.Timestamp("2026-03-12"))))  # fmt: skip
    after = check(moved, sample.config, members=sample.members)
    comparison = compare(
        sample.plan, sample.result, moved, after, before_label="voor", after_label="na"
    )
    report = make_report(
        moved, sample.config, title="na", made=MADE, members=sample.members, result=after,
        comparison=comparison,
    )  # fmt: skip
    sheet = book_of(report)["Voor en na"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Verplaatste toetsen (1)" in values and "biologie" in values
    assert dt.datetime(2026, 3, 12) in values
    assert any(str(v).startswith("2A heeft op di 10 mrt 3 toetsen") for v in values)


def test_a_test_week_timetable_per_year_session_and_pupil() -> None:
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan([SAMPLE / "plan.csv"], config)
    members, _ = read_members(SAMPLE / "members.csv")
    problem = week_problem(plan, config, "Toetsweek 1", members)
    slot = solve(problem.instance, seed=0, steps=20_000).slot
    book = openpyxl.load_workbook(io.BytesIO(week_excel_bytes(problem, slot, "nl")))
    assert book.sheetnames == ["Per jaarlaag", "Per zitting", "Leerlingen"]
    grid = year_timetable(problem, slot)
    by_year = [list(r) for r in book["Per jaarlaag"].iter_rows(min_row=3, values_only=True)]
    assert by_year[0] == ["datum", "zitting", "4h", "4v", "5h", "5v", "6v"]
    assert len(by_year) == 1 + len(grid) == 11
    for row, (_, want) in zip(by_year[1:], grid.iterrows(), strict=True):
        assert row[0].date() == want["day"] and row[1] == want["session"]  # a real date
        assert [c or "" for c in row[2:]] == want.iloc[2:].tolist()
    sessions = list(book["Per zitting"].iter_rows(values_only=True))
    assert sessions[0] == ("datum", "zitting", "toets", "groepen", "leerlingen")
    assert len(sessions) == 1 + len(problem.exams)
    assert {r[2] for r in sessions[1:]} == set(problem.instance.exams)
    pupils = list(book["Leerlingen"].iter_rows(values_only=True))
    assert len(pupils) == 1 + problem.takes["pupil"].nunique()
    assert all(str(r[0]).isdigit() for r in pupils[1:])  # pseudonymous numbers, no names
    english = openpyxl.load_workbook(io.BytesIO(week_excel_bytes(problem, slot, "en")))
    assert english.sheetnames == ["Per year level", "Per session", "Pupils"]
