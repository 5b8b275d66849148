"""The calendar view: a group's or a pupil's weeks day by day, days off and test weeks by name,
and the findings on the days they touch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE_PLAN, d, make_config, make_members, make_plan

from planner.check import check
from planner.config import SchoolConfig
from planner.model import Plan
from planner.rules.base import FINDING_COLUMNS
from planner.services import check_stored
from planner.views.calendar import (
    OFF,
    SCHOOL,
    WEEKEND,
    as_date,
    calendar_view,
    default_monday,
    monday_of,
    pupil_groups,
    pupil_ids,
    school_mondays,
)

# Week 11 of 2026 (ma 9 - vr 13 mrt), vr 13 mrt a day off; week 12 the test week of 4*.
CALENDAR = """days_off = [2026-03-13]
[[calendar.test_weeks]]
name = "Toetsweek 3"
start = 2026-03-16
end = 2026-03-20
groups = ["4*"]
"""
ROWS = [
    ("2026-03-10", "4H1", "Engels", "PW"),  # a1, 08:30-09:20
    ("2026-03-10", "4h.wisB", "wiskunde B", "PW"),  # a2, 3rd lesson
    ("2026-03-10", "4h.nat", "natuurkunde", "SO"),  # a3
    ("2026-03-11", "4H1", "Nederlands", "HW"),  # a4, 30 minutes
    ("2026-03-13", "4H1", "geschiedenis", "SO"),  # a5, on the day off
    ("2026-03-14", "4H1", "biologie", "SO"),  # a6, on a Saturday
    ("2026-03-17", "4H1", "Frans", "PW"),  # a7, in the test week
    ("2026-03-12", "3H1", "Duits", "PW"),  # a8, another group
]


def blank(**values: str) -> list[str]:
    """A column with values at some rows (a1 is row 0)."""
    column = [""] * len(ROWS)
    for key, value in values.items():
        column[int(key[1:]) - 1] = value
    return column


@pytest.fixture
def school() -> tuple[Plan, SchoolConfig, pd.DataFrame, pd.DataFrame]:
    config = make_config(calendar=CALENDAR)
    plan = make_plan(
        ROWS,
        config,
        start=blank(a1="08:30"),
        end=blank(a1="09:20"),
        period=blank(a2="3"),
        minutes=blank(a4="30"),
        title=blank(a1="Unit 5", a2="H7 Differentiëren"),
    )
    # members.csv spells a cluster in lower case; the calendar uses the plan's spelling
    members = make_members(
        [("7", "4H1"), ("7", "4h.wisb"), ("12", "4H1"), ("12", "4h.nat"), ("100", "3H1")]
    )
    findings = check(plan, config, members=members).frame
    return plan, config, members, findings


def test_a_group_sees_its_own_items_in_the_order_of_the_day(school: tuple) -> None:
    plan, config, _, findings = school
    view = calendar_view(plan, config, findings, first=d("2026-03-11"), weeks=2, group="4H1")
    assert view.first == d("2026-03-09")  # the Monday of the week asked for
    assert view.mondays() == [d("2026-03-09"), d("2026-03-16")]
    assert set(view.items["group"]) == {"4H1"}
    assert view.items["id"].tolist() == ["a1", "a4", "a5", "a6", "a7"]
    first = view.items.iloc[0]
    assert (first["when"], first["subject"], first["kind"], first["title"]) == (
        "08:30-09:20",
        "Engels",
        "proefwerk",
        "Unit 5",
    )
    assert bool(first["is_test"]) and bool(first["is_heavy"]) and first["weight"] == 1.0
    homework = view.items[view.items["id"] == "a4"].iloc[0]
    assert not homework["is_test"] and homework["minutes"] == 30.0 and homework["weight"] == 0.0


def test_days_off_weekends_and_test_weeks_have_names(school: tuple) -> None:
    plan, config, _, findings = school
    view = calendar_view(plan, config, findings, first=d("2026-03-09"), weeks=2, group="4H1")
    days = view.days.set_index(view.days["day"].dt.date)
    # Monday to Friday, and the Saturday only because something is planned on it
    assert len(days) == 11
    assert days.loc[d("2026-03-14"), "status"] == WEEKEND
    assert d("2026-03-15") not in days.index
    assert days.loc[d("2026-03-13"), ["status", "off"]].tolist() == [OFF, "studiedag"]
    assert days.loc[d("2026-03-10"), "status"] == SCHOOL
    assert set(days.loc[d("2026-03-16") : d("2026-03-20"), "test_week"]) == {"Toetsweek 3"}
    assert set(days.loc[d("2026-03-09") : d("2026-03-13"), "test_week"]) == {""}
    # 3H1 has no test week
    other = calendar_view(plan, config, findings, first=d("2026-03-16"), weeks=1, group="3H1")
    assert set(other.days["test_week"]) == {""}


def test_holidays_are_named_in_the_language_asked_for(school: tuple) -> None:
    plan, config, _, findings = school
    nl = calendar_view(plan, config, findings, first=d("2025-10-20"), weeks=1, group="4H1")
    en = calendar_view(
        plan, config, findings, first=d("2025-10-20"), weeks=1, group="4H1", lang="en"
    )
    assert set(nl.days["status"]) == {OFF}
    assert set(nl.days["off"]) == {"Herfstvakantie"}
    assert set(en.days["off"]) == {"Autumn Break"}


def test_lesson_numbers_read_as_words(school: tuple) -> None:
    plan, config, _, findings = school
    nl = calendar_view(plan, config, findings, first=d("2026-03-09"), group="4h.wisB")
    en = calendar_view(plan, config, findings, first=d("2026-03-09"), group="4h.wisB", lang="en")
    assert nl.items["when"].tolist() == ["3e uur"]
    assert en.items["when"].tolist() == ["period 3"]


def test_a_group_sees_its_group_findings_on_their_days(school: tuple) -> None:
    plan, config, _, findings = school
    view = calendar_view(plan, config, findings, first=d("2026-03-09"), group="4H1")
    shown = view.findings
    assert shown["pupil"].isna().all()  # no pupil findings on a group's calendar
    assert set(shown["group"]) == {"4H1"}
    on = {(r.rule, r.day.date()) for r in shown.itertuples()}
    assert ("non-school-day", d("2026-03-13")) in on
    assert ("non-school-day", d("2026-03-14")) in on
    assert ("before-test-week", d("2026-03-10")) in on
    items, found = view.on(d("2026-03-13"))
    assert items["id"].tolist() == ["a5"]
    assert found["rule"].tolist() == ["non-school-day"]
    assert "studiedag" in found["message"].iloc[0]


def test_a_pupil_sees_the_items_of_their_groups_and_their_own_findings(school: tuple) -> None:
    plan, config, members, findings = school
    assert pupil_groups(plan, members, "7") == ["4h.wisB", "4H1"]  # case-insensitive order
    view = calendar_view(plan, config, findings, first=d("2026-03-09"), pupil="7", members=members)
    assert view.groups == ("4h.wisB", "4H1") and view.pupil == "7"
    assert set(view.items["group"]) == {"4H1", "4h.wisB"}
    assert "natuurkunde" not in set(view.items["subject"])  # 4h.nat is pupil 12's cluster
    shown = view.findings
    assert set(shown["pupil"].dropna()) == {"7"}
    own = shown[shown["pupil"] == "7"]
    assert own["rule"].tolist() == ["tests-per-day"]
    assert own["day"].dt.date.tolist() == [d("2026-03-10")]
    assert "4h.nat" not in set(shown["group"])
    assert {"4H1", "4h.wisB"} <= set(shown.loc[shown["pupil"].isna(), "group"])
    # pupil 12 sees the test of 4h.nat, not the finding of pupil 7
    other = calendar_view(
        plan, config, findings, first=d("2026-03-09"), pupil="12", members=members
    )
    assert "natuurkunde" in set(other.items["subject"])
    assert "7" not in set(other.findings["pupil"].dropna())


def test_a_finding_is_shown_on_the_days_of_its_tests_in_full_once(school: tuple) -> None:
    plan, config, _, _ = school

    def finding(start: str, end: str, ids: tuple[str, ...], rule: str) -> dict[str, object]:
        return {
            "rule": rule,
            "severity": "error",
            "group": "4H1",
            "pupil": None,
            "start": pd.Timestamp(start),
            "end": pd.Timestamp(end),
            "assessments": ids,
            "value": 4.0,
            "limit": 3.0,
            "message": f"{rule} message",
            "reference": "art. 1",
        }

    frame = pd.DataFrame(
        [
            finding("2026-03-09", "2026-03-13", ("a1", "a4"), "tests-per-week"),
            finding("2026-03-12", "2026-03-12", (), "peak-week"),  # no tests: its first day
            finding("2026-04-07", "2026-04-07", ("a1",), "duplicate"),  # outside the view
        ],
        columns=list(FINDING_COLUMNS),
    )
    view = calendar_view(plan, config, frame, first=d("2026-03-09"), group="4H1")
    shown = view.findings
    week = shown[shown["rule"] == "tests-per-week"]
    assert week["day"].dt.date.tolist() == [d("2026-03-10"), d("2026-03-11")]
    assert week["first"].tolist() == [True, False]
    bare = shown[shown["rule"] == "peak-week"]
    assert bare["day"].dt.date.tolist() == [d("2026-03-12")]
    assert "duplicate" not in set(shown["rule"])
    assert set(shown["decision"]) == {""}  # a plain check has no decisions


def test_decisions_ride_along(school: tuple) -> None:
    plan, config, _, findings = school
    decided = findings.assign(decision=["accepted"] + [""] * (len(findings) - 1))
    view = calendar_view(plan, config, decided, first=d("2026-03-09"), pupil="7", members=None)
    assert view.groups == () and view.items.empty  # no memberships: no groups for a pupil
    view = calendar_view(plan, config, decided, first=d("2026-03-09"), group="4H1")
    assert "accepted" in set(decided["decision"])
    assert set(view.findings["decision"]) <= {"accepted", ""}


def test_a_calendar_is_of_a_group_or_of_a_pupil(school: tuple) -> None:
    plan, config, _, findings = school
    with pytest.raises(ValueError):
        calendar_view(plan, config, findings, first=d("2026-03-09"))
    with pytest.raises(ValueError):
        calendar_view(plan, config, findings, first=d("2026-03-09"), group="4H1", pupil="7")


def test_no_findings_and_a_quiet_group(school: tuple) -> None:
    plan, config, _, findings = school
    view = calendar_view(plan, config, findings.iloc[0:0], first=d("2026-05-04"), group="3H1")
    assert view.items.empty and view.findings.empty
    assert len(view.days) == 20


def test_pupil_ids_in_numeric_order() -> None:
    members = make_members([("100", "1A"), ("7", "1A"), ("12", "1B"), ("x3", "1B"), ("7", "1C")])
    assert pupil_ids(members) == ["7", "12", "100", "x3"]
    assert pupil_ids(None) == []


def test_default_week_and_weeks_of_the_year(school: tuple) -> None:
    plan, config, _, _ = school
    assert default_monday(plan, config, d("2026-03-12")) == d("2026-03-09")
    # after the school year: the week of the plan's first item
    assert default_monday(plan, config, d("2026-11-20")) == d("2026-03-09")
    mondays = school_mondays(plan, config)
    assert mondays[0] == d("2025-09-01") and mondays[-1] == d("2026-07-13")
    assert all(m.weekday() == 0 for m in mondays)


def test_dates_from_the_session() -> None:
    assert as_date(dt.date(2026, 3, 10)) == d("2026-03-10")
    assert as_date(pd.Timestamp("2026-03-10 08:30")) == d("2026-03-10")
    assert as_date("2026-03-10") == d("2026-03-10")
    assert as_date(None) is None and as_date("") is None and as_date("no date") is None
    assert monday_of(d("2026-03-15")) == d("2026-03-09")


def test_every_group_error_of_the_sample_school_is_on_its_calendar(sample_db: Path) -> None:
    from planner.storage import Store

    with Store(str(sample_db)) as store:
        stored = store.load(SAMPLE_PLAN)
    reviewed = check_stored(stored, "nl").review
    frame = reviewed.frame
    errors = frame[(frame["severity"] == "error") & frame["pupil"].isna()]
    assert not errors.empty
    for finding in errors.itertuples():
        view = calendar_view(
            stored.plan, stored.config, frame, first=finding.start.date(), group=finding.group
        )
        mine = view.findings[view.findings["message"] == finding.message]
        assert mine["first"].sum() == 1, finding.message
        day = mine["day"].min()
        assert not view.items[view.items["day"] == day].empty or finding.rule == "peak-week"
    pupil = frame[frame["pupil"].notna()].iloc[0]
    view = calendar_view(
        stored.plan,
        stored.config,
        frame,
        first=pupil["start"].date(),
        pupil=pupil["pupil"],
        members=stored.members,
    )
    assert pupil["message"] in set(view.findings["message"])
    assert set(view.items["group"]) <= set(view.groups)
    assert len(view.groups) >= 2
