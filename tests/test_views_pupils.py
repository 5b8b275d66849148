"""The pupils view: pupils over a limit per week and rule, the weekly load per pupil, and the
cluster combinations that cause the peaks; only pseudonymous ids and counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE_PLAN, d, make_config, make_members, make_plan

from planner.check import check
from planner.config import SchoolConfig
from planner.model import Plan
from planner.services import check_stored
from planner.views.pupils import (
    PUPIL_RULES,
    load_histogram,
    over_limit_per_week,
    peak_combinations,
    pupils_over,
    weekly_load,
)

# Years 1-3 may have 3 tests a week, the others 4 (the default); 4* has a test week in week 12.
TOML = """
[[rules.tests-per-week.overrides]]
groups = ["1*", "2*", "3*"]
max = 3.0
"""
CALENDAR = """
[[calendar.test_weeks]]
name = "Toetsweek 3"
start = 2026-03-16
end = 2026-03-20
groups = ["4*"]
"""
ROWS = [
    ("2026-03-10", "4H1", "Engels", "PW"),  # a1  } two heavy tests on one day for the
    ("2026-03-10", "4h.wisB", "wiskunde B", "PW"),  # a2  } pupils of 4H1 + 4h.wisB
    ("2026-03-11", "4h.nat", "natuurkunde", "SO"),  # a3
    ("2026-03-09", "3H1", "Duits", "PW"),  # a4  } four tests in week 11:
    ("2026-03-10", "3H1", "Frans", "PW"),  # a5  } 3H1 is over its limit of 3
    ("2026-03-11", "3H1", "Engels", "PW"),  # a6  } by itself
    ("2026-03-12", "3H1", "wiskunde", "PW"),  # a7  }
    ("2026-03-12", "4H1", "Nederlands", "HW"),  # a8  40 minutes
    ("2026-03-12", "4h.wisB", "wiskunde B", "HW"),  # a9  40 minutes
    ("2026-03-12", "4h.nat", "natuurkunde", "HW"),  # a10 30 minutes
    ("2026-03-17", "4H1", "Frans", "PW"),  # a11 in the test week
]
MINUTES = ["", "", "", "", "", "", "", "40", "40", "30", ""]
MEMBERS = [
    ("1", "4H1"),
    ("1", "4h.wisB"),
    ("2", "4H1"),
    ("2", "4h.wisb"),  # members.csv spelling; the plan writes 4h.wisB
    ("3", "4H1"),
    ("3", "4h.nat"),
    ("4", "3H1"),
    ("5", "3H1"),
    ("6", "1A"),  # a class without anything in the plan
]
WEEK = 202611


@pytest.fixture
def school() -> tuple[Plan, SchoolConfig, pd.DataFrame, pd.DataFrame]:
    config = make_config(TOML, calendar=CALENDAR)
    plan = make_plan(ROWS, config, minutes=MINUTES)
    members = make_members(MEMBERS)
    return plan, config, members, check(plan, config, members=members).frame


def test_pupils_over_a_limit_by_week_and_rule(school: tuple) -> None:
    plan, config, members, findings = school
    grid = over_limit_per_week(plan, config, findings, members)
    # every school week and every per-pupil rule, zeros included
    assert set(grid["rule"]) == set(PUPIL_RULES)
    assert grid.groupby("week").size().eq(len(PUPIL_RULES)).all()
    assert 202543 not in set(grid["week"])  # herfstvakantie: no school days
    hit = grid[grid["pupils"] > 0].set_index("rule")
    assert set(hit["week"]) == {WEEK}
    # 1 and 2 through their two groups (a pupil finding each)
    assert hit.loc["tests-per-day", ["pupils", "own"]].tolist() == [2, 2]
    # 4 and 5 because their class is over the limit by itself (a group finding)
    assert hit.loc["tests-per-week", ["pupils", "own"]].tolist() == [2, 0]
    # 80 minutes for 1 and 2, 70 for 3
    assert hit.loc["homework-per-day", ["pupils", "own"]].tolist() == [3, 3]
    assert set(pupils_over(plan, findings, members)["pupil"]) == {"1", "2", "3", "4", "5"}


def test_without_findings_every_count_is_zero(school: tuple) -> None:
    plan, config, members, findings = school
    grid = over_limit_per_week(plan, config, findings.iloc[0:0], members)
    assert grid["pupils"].eq(0).all() and grid["own"].eq(0).all()
    assert pupils_over(plan, findings.iloc[0:0], members).empty


def test_weekly_load_per_pupil_with_zeros_and_the_pupils_limit(school: tuple) -> None:
    plan, config, members, _ = school
    weekly = weekly_load(plan, config, members)
    assert set(weekly["pupil"]) == {"1", "2", "3", "4", "5"}  # 6 has nothing in the plan
    assert weekly.groupby("pupil").size().nunique() == 1  # every pupil, every school week
    week = weekly[weekly["week"] == WEEK].set_index("pupil")
    assert week["load"].to_dict() == {"1": 2.0, "2": 2.0, "3": 1.5, "4": 4.0, "5": 4.0}
    assert week["limit"].to_dict() == {"1": 4.0, "2": 4.0, "3": 4.0, "4": 3.0, "5": 3.0}
    assert week["over"].to_dict() == {"1": False, "2": False, "3": False, "4": True, "5": True}
    # the test in the test week is left out, as in the tests-per-week rule
    assert weekly.loc[(weekly["pupil"] == "1") & (weekly["week"] == 202612), "load"].item() == 0
    assert weekly.loc[weekly["week"] != WEEK, "load"].sum() == 0


def test_load_histogram_counts_pupil_weeks(school: tuple) -> None:
    plan, config, members, _ = school
    weekly = weekly_load(plan, config, members)
    every = load_histogram(weekly)
    assert every["count"].sum() == len(weekly)
    one = load_histogram(weekly, WEEK)
    assert list(one.itertuples(index=False, name=None)) == [
        (1.5, False, 1),
        (2.0, False, 2),
        (4.0, True, 2),
    ]
    assert load_histogram(weekly, 190001).empty


def test_combinations_that_cause_the_peaks(school: tuple) -> None:
    plan, config, members, findings = school
    combos = peak_combinations(plan, config, findings, members, "nl")
    assert combos["groups"].tolist() == ["4h.wisB, 4H1", "4h.nat, 4H1"]  # worst first
    first = combos.iloc[0]
    assert (first["pupils"], first["with_findings"], first["findings"]) == (2, 2, 2)
    assert (first["errors"], first["warnings"], first["severity"]) == (1, 1, "error")
    assert first["rule"] == "tests-per-day" and first["title"] == "Toetsen per dag"
    assert first["worst"] == "2 toetsen (2 zwaar) op di 10 mrt"
    assert first["summary"] == "4h.wisB, 4H1: 2 leerlingen, 2 toetsen (2 zwaar) op di 10 mrt"
    assert first["pupil_ids"] == ["1", "2"]
    assert first["monday"] == d("2026-03-09") and first["day"] == d("2026-03-10")
    assert "leerling 1 " in first["message"] or "leerling 2 " in first["message"]
    second = combos.iloc[1]
    assert second["summary"] == "4h.nat, 4H1: 1 leerling, 70 minuten huiswerk op do 12 mrt"
    en = peak_combinations(plan, config, findings, members, "en")
    assert en["summary"].tolist() == [
        "4h.wisB, 4H1: 2 pupils, 2 tests (2 heavy) on Tue 10 Mar",
        "4h.nat, 4H1: 1 pupil, 70 minutes of homework on Thu 12 Mar",
    ]
    # pupils 4 and 5 share a class, not a combination of groups: no pupil findings
    assert not any("3H1" in g for g in combos["groups"])


def test_no_pupil_findings_no_combinations(school: tuple) -> None:
    plan, config, members, findings = school
    groups_only = findings[findings["pupil"].isna()]
    assert peak_combinations(plan, config, groups_only, members).empty


def test_the_sample_school(sample_db: Path) -> None:
    from planner.storage import Store

    with Store(str(sample_db)) as store:
        stored = store.load(SAMPLE_PLAN)
    assert stored.members is not None
    reviewed = check_stored(stored, "nl").review
    frame, members = reviewed.frame, stored.members
    own = frame[frame["pupil"].notna() & frame["rule"].isin(PUPIL_RULES)]
    grid = over_limit_per_week(stored.plan, stored.config, frame, members)
    assert (grid["pupils"] >= grid["own"]).all()
    assert grid["own"].sum() == len(own.drop_duplicates(["rule", "pupil", "start"]))
    assert grid["pupils"].sum() > grid["own"].sum()  # classes over a limit count their pupils

    combos = peak_combinations(stored.plan, stored.config, frame, members, "nl")
    assert not combos.empty
    assert combos["with_findings"].sum() == frame["pupil"].dropna().nunique()
    assert (combos["pupils"] == combos["with_findings"]).all()  # a combination shares findings
    assert combos["severity"].iloc[0] == "error"

    weekly = weekly_load(stored.plan, stored.config, members)
    over = weekly.set_index(["pupil", "week"])
    per_week = own[own["rule"] == "tests-per-week"]
    assert not per_week.empty
    for finding in per_week.itertuples():
        week = finding.start.isocalendar()
        row = over.loc[(finding.pupil, week.year * 100 + week.week)]
        assert bool(row["over"]) and row["load"] == pytest.approx(finding.value)
    text = " ".join(combos["summary"])
    assert all(str(p) not in text for p in members["pupil"].unique())  # ids only in pupil_ids
