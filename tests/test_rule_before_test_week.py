"""before-test-week: no tests in the `days` school days before the group's test week."""

from __future__ import annotations

import pytest
from conftest import (
    THREE_TEST_WEEKS,
    d,
    every_school_day,
    indices_of_test_weeks,
    make_config,
    make_members,
    make_plan,
    run,
    run_both,
)

from planner.model import Severity

RULE = "before-test-week"

TEST_WEEK = """
[[calendar.test_weeks]]
name = "Toetsweek 2"
start = 2026-01-26
end = 2026-01-30
groups = ["4*", "5*"]
"""


def dates_found(findings):
    return [f.start.isoformat() for f in findings]


def test_five_school_days_before_the_test_week():
    config = make_config(calendar=TEST_WEEK)
    rows = [
        ("2026-01-16", "4H1", "ak", "PW"),  # 6 school days before: fine
        ("2026-01-19", "4H1", "wiskunde", "PW"),  # 5th day before: the limit, still quiet
        ("2026-01-21", "4H1", "Frans", "SO"),
        ("2026-01-23", "4H1", "Duits", "PW"),  # the day before
        ("2026-01-26", "4H1", "Engels", "PW"),  # in the test week itself
    ]
    nl, en = run_both(make_plan(rows, config), config, RULE)
    assert dates_found(nl) == ["2026-01-19", "2026-01-21", "2026-01-23"]
    f = nl[0]
    assert f.severity is Severity.WARNING
    assert (f.group, f.pupil, f.assessments) == ("4H1", None, ("a2",))
    assert (f.start, f.end) == (d("2026-01-19"), d("2026-01-19"))
    assert (f.value, f.limit) == (5.0, 5.0)
    assert nl[2].value == 1.0
    assert (
        f.message
        == "4H1: wiskunde (proefwerk) op ma 19 jan valt in de 5 schooldagen rust vóór Toetsweek 2"
    )
    assert en[0].message == (
        "4H1: wiskunde (proefwerk) on Mon 19 Jan falls in the quiet 5 school days before "
        "Toetsweek 2"
    )


def test_groups_without_the_test_week_are_free():
    config = make_config(calendar=TEST_WEEK)
    rows = [("2026-01-23", g, "wiskunde", "PW") for g in ("3A", "4H1", "6V1")]
    assert [f.group for f in run(make_plan(rows, config), config, RULE)] == ["4H1"]


def test_days_off_and_holidays_are_not_counted():
    # Test week ma 23 - vr 27 feb, right after voorjaarsvakantie (14-22 feb) and a day off on
    # vr 13 feb: the five school days before it are vr 6 and ma 9 - do 12 feb.
    config = make_config(
        calendar="""
days_off = [2026-02-13]
[[calendar.test_weeks]]
start = 2026-02-23
end = 2026-02-27
"""
    )
    rows = [
        (day, "4H1", "wiskunde", "PW")
        for day in ("2026-02-05", "2026-02-06", "2026-02-09", "2026-02-12")
    ]
    findings = run(make_plan(rows, config), config, RULE)
    assert dates_found(findings) == ["2026-02-06", "2026-02-09", "2026-02-12"]


def test_homework_is_no_test():
    config = make_config(calendar=TEST_WEEK)
    rows = [("2026-01-23", "4H1", "wiskunde", "HW")]
    assert run(make_plan(rows, config, minutes=30), config, RULE) == []


def test_no_test_week_no_findings(config):
    rows = [("2026-01-23", "4H1", "wiskunde", "PW")]
    assert run(make_plan(rows, config), config, RULE) == []


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.before-test-week]
days = 1
groups = ["4*"]
severity = "error"
reference = "PTA art. 6"

[[rules.before-test-week.overrides]]
groups = ["4H2"]
days = 2
""",
        calendar=TEST_WEEK,
    )
    rows = [
        (day, g, "wiskunde", "PW")
        for g in ("4H1", "4H2", "5V2")
        for day in ("2026-01-21", "2026-01-22", "2026-01-23")
    ]
    findings = run(make_plan(rows, config), config, RULE)
    assert [(f.group, f.start.isoformat(), f.value, f.limit) for f in findings] == [
        ("4H2", "2026-01-22", 2.0, 2.0),
        ("4H1", "2026-01-23", 1.0, 1.0),
        ("4H2", "2026-01-23", 1.0, 2.0),
    ]
    assert all(f.severity is Severity.ERROR and f.reference == "PTA art. 6" for f in findings)
    config = make_config("[rules.before-test-week]\nenabled = false", calendar=TEST_WEEK)
    assert run(make_plan(rows, config), config, RULE) == []


def test_only_group_findings_with_members():
    config = make_config(calendar=TEST_WEEK)
    rows = [("2026-01-23", "4H1", "wiskunde", "PW")]
    members = make_members([("p1", "4H1"), ("p1", "4h.wisB")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("4H1", None)]


# --- the whole year against a plain reference ----------------------------------------------


@pytest.mark.parametrize("days", [1, 5, 8])
def test_whole_year_matches_a_plain_reference(days):
    config = make_config(f"[rules.before-test-week]\ndays = {days}", calendar=THREE_TEST_WEEKS)
    plan = make_plan(every_school_day(["4H1", "3A"]), config)
    got = {(f.group, f.start, f.value) for f in run(plan, config, RULE)}
    expected = set()
    for group in ("4H1", "3A"):
        school, weeks = indices_of_test_weeks(group)
        in_a_week = {i for week in weeks for i in week}
        for week in weeks:
            for nth in range(1, days + 1):
                i = week[0] - nth
                if i >= 0 and i not in in_a_week:
                    expected.add((group, school[i], float(nth)))
    assert got == expected
