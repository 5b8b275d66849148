"""after-test-week: no tests in the first `days` school days after the group's test week."""

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

RULE = "after-test-week"

TEST_WEEK = """
[[calendar.test_weeks]]
name = "Toetsweek 2"
start = 2026-01-26
end = 2026-01-30
groups = ["4*", "5*"]
"""


def dates_found(findings):
    return [f.start.isoformat() for f in findings]


def test_first_three_school_days_after_the_test_week():
    config = make_config(calendar=TEST_WEEK)
    rows = [
        ("2026-01-30", "4H1", "Engels", "PW"),  # in the test week itself
        ("2026-02-02", "4H1", "wiskunde", "PW"),
        ("2026-02-03", "4H1", "Frans", "SO"),
        ("2026-02-04", "4H1", "Duits", "PW"),  # 3rd day: the limit, still recovery
        ("2026-02-05", "4H1", "ak", "PW"),  # 4th day: fine
    ]
    nl, en = run_both(make_plan(rows, config), config, RULE)
    assert dates_found(nl) == ["2026-02-02", "2026-02-03", "2026-02-04"]
    f = nl[2]
    assert f.severity is Severity.ERROR
    assert (f.group, f.pupil, f.assessments) == ("4H1", None, ("a4",))
    assert (f.start, f.end) == (d("2026-02-04"), d("2026-02-04"))
    assert (f.value, f.limit) == (3.0, 3.0)
    assert nl[0].value == 1.0
    assert (
        f.message
        == "4H1: Duits (proefwerk) op wo 4 feb valt in de 3 schooldagen herstel na Toetsweek 2"
    )
    assert en[2].message == (
        "4H1: Duits (proefwerk) on Wed 4 Feb falls in the 3 school days of recovery after "
        "Toetsweek 2"
    )


def test_groups_without_the_test_week_are_free():
    config = make_config(calendar=TEST_WEEK)
    rows = [("2026-02-02", g, "wiskunde", "PW") for g in ("3A", "4H1", "5V2")]
    assert [f.group for f in run(make_plan(rows, config), config, RULE)] == ["4H1", "5V2"]


def test_holiday_and_weekend_do_not_use_up_recovery_days():
    # Test week ma 9 - vr 13 feb, then voorjaarsvakantie: recovery is ma 23 - wo 25 feb.
    config = make_config(
        calendar="""
days_off = [2026-02-23]
[[calendar.test_weeks]]
start = 2026-02-09
end = 2026-02-13
"""
    )
    rows = [
        (day, "4H1", "wiskunde", "PW")
        for day in ("2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27")
    ]
    findings = run(make_plan(rows, config), config, RULE)
    # ma 23 feb is a day off, so the three recovery days are di 24 - do 26 feb.
    assert dates_found(findings) == ["2026-02-24", "2026-02-25", "2026-02-26"]
    assert "Toetsweek" in findings[0].message


def test_homework_and_tests_before_are_fine():
    config = make_config(calendar=TEST_WEEK)
    rows = [
        ("2026-02-02", "4H1", "wiskunde", "HW"),
        ("2026-01-23", "4H1", "wiskunde", "PW"),
    ]
    assert run(make_plan(rows, config, minutes=20), config, RULE) == []


def test_no_test_week_no_findings(config):
    rows = [("2026-02-02", "4H1", "wiskunde", "PW")]
    assert run(make_plan(rows, config), config, RULE) == []


def test_two_test_weeks():
    config = make_config(
        calendar="""
[[calendar.test_weeks]]
name = "Toetsweek 1"
start = 2025-11-10
end = 2025-11-14
[[calendar.test_weeks]]
name = "Toetsweek 2"
start = 2026-01-26
end = 2026-01-30
"""
    )
    rows = [(day, "4H1", "wiskunde", "PW") for day in ("2025-11-17", "2026-02-02", "2026-01-05")]
    findings = run(make_plan(rows, config), config, RULE)
    assert dates_found(findings) == ["2025-11-17", "2026-02-02"]
    assert "na Toetsweek 1" in findings[0].message
    assert "na Toetsweek 2" in findings[1].message


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.after-test-week]
days = 1
groups = ["4*"]
severity = "warning"
reference = "PTA art. 7"

[[rules.after-test-week.overrides]]
groups = ["4H2"]
days = 2
""",
        calendar=TEST_WEEK,
    )
    rows = [
        (day, g, "wiskunde", "PW")
        for g in ("4H1", "4H2", "5V2")
        for day in ("2026-02-02", "2026-02-03")
    ]
    findings = run(make_plan(rows, config), config, RULE)
    assert [(f.group, f.start.isoformat(), f.limit) for f in findings] == [
        ("4H1", "2026-02-02", 1.0),
        ("4H2", "2026-02-02", 2.0),
        ("4H2", "2026-02-03", 2.0),
    ]
    assert all(f.severity is Severity.WARNING and f.reference == "PTA art. 7" for f in findings)
    assert "in de 1 schooldag herstel" in findings[0].message
    config = make_config("[rules.after-test-week]\nenabled = false", calendar=TEST_WEEK)
    assert run(make_plan(rows, config), config, RULE) == []


def test_only_group_findings_with_members():
    config = make_config(calendar=TEST_WEEK)
    rows = [("2026-02-02", "4H1", "wiskunde", "PW")]
    members = make_members([("p1", "4H1"), ("p1", "4h.wisB")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("4H1", None)]


# --- the whole year against a plain reference ----------------------------------------------


@pytest.mark.parametrize("days", [1, 3, 6])
def test_whole_year_matches_a_plain_reference(days):
    config = make_config(f"[rules.after-test-week]\ndays = {days}", calendar=THREE_TEST_WEEKS)
    plan = make_plan(every_school_day(["4H1", "3A"]), config)
    got = {(f.group, f.start, f.value) for f in run(plan, config, RULE)}
    expected = set()
    for group in ("4H1", "3A"):
        school, weeks = indices_of_test_weeks(group)
        in_a_week = {i for week in weeks for i in week}
        for week in weeks:
            for nth in range(1, days + 1):
                i = week[-1] + nth
                if i < len(school) and i not in in_a_week:
                    expected.add((group, school[i], float(nth)))
    assert got == expected
