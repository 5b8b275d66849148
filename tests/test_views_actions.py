"""planner.views.actions and the report's title: kinds as the school names them, each teacher's
list with the suggested date, a repair's moves as a table to accept, and what a report is
called (the school's and the plan's name, never the files' when there is a better one)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from planner.config import Kind, SchoolConfig
from planner.exporters.report import report_title
from planner.suggest import Move
from planner.views.actions import kind_names, moves_table, per_teacher, suggested_dates


def test_a_kind_is_shown_by_its_first_alias_else_its_key() -> None:
    kinds = {
        "proefwerk": Kind("proefwerk", ("PW", "toets"), 1.0, True, True),
        "so": Kind("so", (" SO ",), 0.5, True, False),
        "presentatie": Kind("presentatie", (), 0.5, True, False),
    }
    assert kind_names(kinds) == {"proefwerk": "PW", "so": "SO", "presentatie": "presentatie"}


def finding_rows() -> pd.DataFrame:
    """finding_tests' shape: two findings, one test of two teachers, one info."""
    return pd.DataFrame(
        {
            "finding": [0, 0, 1, 2],
            "severity": ["error", "error", "warning", "info"],
            "message": ["te veel", "te veel", "vlak na de vakantie", "piekweek"],
            "id": ["a", "b", "a", "c"],
            "date": pd.to_datetime(["2026-03-10", "2026-03-10", "2026-03-10", "2026-03-16"]),
            "group": ["2A", "2A", "2A", "2B"],
            "subject": ["biologie", "Engels", "biologie", "Frans"],
            "kind": ["PW", "SO", "PW", "PW"],
            "title": ["H3", "", "H3", ""],
            "teacher": ["PRK, VRS", "WLM", "PRK, VRS", "KRS"],
        }
    )


def test_each_teachers_list_with_the_suggested_date() -> None:
    mine = per_teacher(finding_rows(), {"a": dt.date(2026, 3, 12), "z": dt.date(2026, 1, 5)})
    assert mine[["teacher", "id", "findings", "severity"]].values.tolist() == [
        ["PRK", "a", 2, "error"], ["VRS", "a", 2, "error"], ["WLM", "b", 1, "error"],
    ]  # fmt: skip
    assert mine["suggested"].tolist()[:2] == [pd.Timestamp("2026-03-12")] * 2
    assert pd.isna(mine["suggested"].iloc[2])
    assert mine["messages"].iloc[0] == ["te veel", "vlak na de vakantie"]
    # without suggestions, and without any test to act on: the column is there, empty
    assert per_teacher(finding_rows())["suggested"].isna().all()
    nobody = per_teacher(finding_rows().iloc[3:])
    assert nobody.empty and "suggested" in nobody.columns


def test_a_repairs_moves_as_a_table_to_accept() -> None:
    move = Move("a", "2A", "biologie", "proefwerk", "H3", dt.date(2026, 3, 10),
                dt.date(2026, 3, 12), "haalt weg: 2A heeft op di 10 mrt 3 toetsen")  # fmt: skip
    assert suggested_dates([move]) == {"a": dt.date(2026, 3, 12)}
    table = moves_table([move], {"proefwerk": "PW"}, "nl")
    assert table.to_dict("records") == [
        {"take": True, "id": "a", "title": "H3", "group": "2A", "subject": "biologie",
         "kind": "PW", "from": "di 10 mrt", "to": "do 12 mrt",
         "reason": "haalt weg: 2A heeft op di 10 mrt 3 toetsen"},
    ]  # fmt: skip
    assert moves_table([], {}, "en").empty


def test_the_report_is_called_by_the_school_and_the_plan() -> None:
    school = SchoolConfig(name="Voorbeeldcollege")
    assert report_title(school, "2025-2026", files="plan.csv") == "Voorbeeldcollege · 2025-2026"
    # a plan named after the school is named alone; files have no plan name: the school's
    assert report_title(school, "Voorbeeldcollege 2025-2026") == "Voorbeeldcollege 2025-2026"
    assert report_title(school, None, files="plan.csv, plan-2a.ics") == "Voorbeeldcollege"
    # no school name: the plan's name, else the files', else what it is
    nameless = SchoolConfig()  # no school.toml
    assert report_title(nameless, "Wat als", files="plan.csv") == "Wat als"
    assert report_title(nameless, None, files="plan.csv") == "plan.csv"
    assert report_title(nameless, None) == "Toetsplanner: conflictrapport"
