"""What the Plan-a-test page shows, without Streamlit (planner.views.fit)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from planner import check, load_config, read_members, read_plan
from planner.fit import Proposal, fit, school_week_days
from planner.importers import read_lessons
from planner.lessons import lesson_days
from planner.views.fit import fit_calendar, headline, teacher_tests

SAMPLE = Path(__file__).parent.parent / "sample_data"
CONFIG = load_config(SAMPLE / "school.toml")
PLAN = read_plan([SAMPLE / "plan.csv"], CONFIG)


def test_the_calendar_names_what_each_day_is() -> None:
    members, _ = read_members(SAMPLE / "members.csv")
    lessons, _, _ = read_lessons(SAMPLE / "lesrooster.csv", CONFIG, "en")
    days = school_week_days(dt.date(2026, 1, 19), 4)  # the week before Toetsweek 1 .. after
    proposal = Proposal(("4v.bio",), "biologie", "proefwerk")
    found = fit(PLAN, CONFIG, proposal, days, members=members, lang="en")
    view = fit_calendar(found, CONFIG, ["4v.bio"], "biologie", "en", lesson_days(PLAN, lessons))
    assert view.cells.shape == (4, 5) and list(view.cells.columns) == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
    ]
    text = " ".join(view.cells.to_numpy().ravel())
    assert "Toetsweek 1" in text
    assert "quiet before Toetsweek 1" in text and "recovery after Toetsweek 1" in text
    bio_days = lessons.days_for("4v.bio", "biologie")
    assert bio_days
    monday = view.cells.iloc[0]["Mon"]
    assert ("lesson" in monday) == (0 in bio_days)
    # verdicts and dates line up with the days; the best days are the ones without an error
    for n, day in enumerate(found):
        row = n // 5  # a row per week, Monday to Friday
        column = view.cells.columns[day.date.weekday()]
        assert view.verdicts.iloc[row][column] == day.verdict
        assert view.dates.iloc[row][column] == day.date
    assert all(d.verdict in ("ok", "warning") for d in view.best)
    worst = next(d for d in found if d.verdict == "error")
    assert headline(worst, "en").startswith("✗ error: ")


def test_a_teachers_own_tests_with_their_findings() -> None:
    result = check(PLAN, CONFIG)
    mine = teacher_tests(PLAN.assessments, result.frame, "vkl")  # any case
    table = PLAN.assessments
    assert len(mine) == (table["teacher"].str.casefold() == "vkl").sum() > 0
    flagged = mine[mine["findings"] > 0]
    for row in flagged.itertuples():
        listed = result.frame[result.frame["assessments"].map(lambda a, i=row.id: i in a)]
        assert row.findings == len(listed)
        assert set(row.messages) == set(listed["message"])
    # those in findings first
    assert list(mine["findings"] > 0) == sorted(mine["findings"] > 0, reverse=True)
    assert teacher_tests(PLAN.assessments, result.frame, "").empty
    assert isinstance(mine, pd.DataFrame)
