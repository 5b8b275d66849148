"""after-holiday: no tests in the first `days` school days after a holiday of `min_length` days."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import (
    YEAR_END,
    YEAR_START,
    d,
    every_school_day,
    make_config,
    make_members,
    make_plan,
    run,
    run_both,
    school_like_days,
)

from planner.model import Severity

RULE = "after-holiday"


def dates_found(findings):
    return [f.start.isoformat() for f in findings]


def test_first_two_days_after_the_autumn_holiday(config):
    # Herfstvakantie midden: za 18 - zo 26 okt 2025.
    rows = [
        ("2025-10-24", "2A", "Engels", "PW"),  # inside the holiday: non-school-day's business
        ("2025-10-27", "2A", "wiskunde", "PW"),
        ("2025-10-28", "2A", "Frans", "SO"),
        ("2025-10-29", "2A", "Duits", "PW"),
    ]
    nl, en = run_both(make_plan(rows, config), config, RULE)
    assert dates_found(nl) == ["2025-10-27", "2025-10-28"]
    first, second = nl
    assert first.severity is Severity.WARNING
    assert (first.group, first.pupil) == ("2A", None)
    assert (first.start, first.end) == (d("2025-10-27"), d("2025-10-27"))
    assert first.assessments == ("a2",)
    assert (first.value, first.limit) == (1.0, 2.0)
    assert (second.value, second.limit, second.assessments) == (2.0, 2.0, ("a3",))
    assert first.message == (
        "2A: wiskunde (proefwerk) op ma 27 okt valt in de eerste 2 schooldagen na Herfstvakantie"
    )
    assert en[0].message.startswith(
        "2A: wiskunde (proefwerk) on Mon 27 Oct falls in the first 2 school days after "
    )


def test_holiday_ending_on_a_friday_takes_the_weekend_along():
    # An extra holiday ma 2 - vr 6 mrt: the break runs to zo 8 mrt, so ma 9 and di 10 mrt are
    # the first two school days; wo 11 mrt is free again.
    config = make_config(
        calendar='holidays = [{ name = "Extra vakantie", start = 2026-03-02, end = 2026-03-06 }]'
    )
    rows = [(day, "2A", "wiskunde", "PW") for day in ("2026-03-09", "2026-03-10", "2026-03-11")]
    findings = run(make_plan(rows, config), config, RULE)
    assert dates_found(findings) == ["2026-03-09", "2026-03-10"]
    assert findings[1].message == (
        "2A: wiskunde (proefwerk) op di 10 mrt valt in de eerste 2 schooldagen na Extra vakantie"
    )


def test_first_days_of_the_school_year_follow_the_summer_holiday(config):
    rows = [(day, "2A", "wiskunde", "PW") for day in ("2025-09-01", "2025-09-02", "2025-09-03")]
    findings = run(make_plan(rows, config), config, RULE)
    assert dates_found(findings) == ["2025-09-01", "2025-09-02"]
    assert "Zomervakantie" in findings[0].message


def test_other_holidays_of_the_year(config):
    rows = [
        (day, "2A", "wiskunde", "PW")
        for day in ("2026-01-05", "2026-01-07", "2026-02-23", "2026-02-24", "2026-05-04")
    ]
    findings = run(make_plan(rows, config), config, RULE)
    assert dates_found(findings) == ["2026-01-05", "2026-02-23", "2026-02-24", "2026-05-04"]


def test_short_breaks_do_not_count_unless_min_length_allows(config):
    # Pasen: vr 3 (Goede Vrijdag) - ma 6 apr 2026 is a 4-day break.
    rows = [("2026-04-07", "2A", "wiskunde", "PW"), ("2026-03-16", "2A", "Engels", "PW")]
    assert run(make_plan(rows, config), config, RULE) == []
    config4 = make_config("[rules.after-holiday]\nmin_length = 4")
    findings = run(make_plan(rows, config4), config4, RULE)
    assert dates_found(findings) == ["2026-04-07"]
    # A plain weekend is a 2-day break: with min_length 2, every Monday and Tuesday count.
    config2 = make_config("[rules.after-holiday]\nmin_length = 2")
    findings = run(make_plan(rows, config2), config2, RULE)
    assert dates_found(findings) == ["2026-03-16", "2026-04-07"]


def test_day_off_after_a_holiday_extends_the_break():
    config = make_config(calendar="days_off = [2025-10-27]")
    rows = [(day, "2A", "wiskunde", "PW") for day in ("2025-10-28", "2025-10-29", "2025-10-30")]
    findings = run(make_plan(rows, config), config, RULE)
    assert dates_found(findings) == ["2025-10-28", "2025-10-29"]


def test_homework_is_no_test(config):
    rows = [("2025-10-27", "2A", "wiskunde", "HW")]
    assert run(make_plan(rows, config, minutes=30), config, RULE) == []


def test_days_parameter_and_overrides():
    config = make_config(
        """
[rules.after-holiday]
days = 1

[[rules.after-holiday.overrides]]
groups = ["1*"]
days = 3
"""
    )
    rows = [
        (day, g, "wiskunde", "PW")
        for g in ("1A", "2A")
        for day in ("2025-10-27", "2025-10-28", "2025-10-29", "2025-10-30")
    ]
    findings = run(make_plan(rows, config), config, RULE)
    assert [(f.group, f.start.isoformat(), f.limit) for f in findings] == [
        ("1A", "2025-10-27", 3.0),
        ("2A", "2025-10-27", 1.0),
        ("1A", "2025-10-28", 3.0),
        ("1A", "2025-10-29", 3.0),
    ]
    assert "in de eerste 3 schooldagen" in findings[0].message
    assert "in de eerste 1 schooldag na" in findings[1].message


def test_min_length_override_per_group():
    config = make_config('[[rules.after-holiday.overrides]]\ngroups = ["1*"]\nmin_length = 4')
    rows = [(d_, g, "wiskunde", "PW") for g in ("1A", "2A") for d_ in ("2026-04-07", "2025-10-27")]
    findings = run(make_plan(rows, config), config, RULE)
    assert sorted((f.group, f.start.isoformat()) for f in findings) == [
        ("1A", "2025-10-27"),
        ("1A", "2026-04-07"),
        ("2A", "2025-10-27"),
    ]


def test_groups_enabled_severity_reference():
    config = make_config(
        """
[rules.after-holiday]
groups = ["2*"]
severity = "error"
reference = "Toetsreglement art. 3.5"
"""
    )
    rows = [("2025-10-27", g, "wiskunde", "PW") for g in ("2A", "3A")]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.group, f.severity, f.reference) == ("2A", Severity.ERROR, "Toetsreglement art. 3.5")
    config = make_config("[rules.after-holiday]\nenabled = false")
    assert run(make_plan(rows, config), config, RULE) == []


def test_date_rules_report_groups_not_pupils(config):
    rows = [("2025-10-27", "2A", "wiskunde", "PW")]
    members = make_members([("p1", "2A"), ("p2", "2A")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]


@pytest.mark.parametrize(("days", "min_length"), [(2, 7), (1, 7), (3, 4), (2, 2), (5, 10)])
def test_whole_year_matches_a_plain_reference(days, min_length):
    config = make_config(f"[rules.after-holiday]\ndays = {days}\nmin_length = {min_length}")
    plan = make_plan(every_school_day(["2A"]), config)
    got = {(f.start, f.value) for f in run(plan, config, RULE)}
    # A break is the run of days between two school-like days; the summer before the first
    # school day counts too.
    school = school_like_days(YEAR_START - dt.timedelta(days=120), YEAR_END)
    expected = set()
    for i, day in enumerate(school):
        if day < YEAR_START:
            continue
        for nth in range(1, days + 1):  # the most recent long break wins
            first = school[i - nth + 1]
            if (first - school[i - nth]).days - 1 >= min_length:
                expected.add((day, float(nth)))
                break
    assert got == expected
    assert len(got) >= days * 2  # at least the summer and the Christmas holiday


def test_an_override_switches_a_disabled_rule_on_for_some_groups():
    config = make_config(
        """
[rules.after-holiday]
enabled = false

[[rules.after-holiday.overrides]]
groups = ["4*"]
enabled = true
"""
    )
    rows = [("2025-10-27", g, "wiskunde", "PW") for g in ("2A", "4H1")]
    assert [f.group for f in run(make_plan(rows, config), config, RULE)] == ["4H1"]


def test_a_test_week_right_after_a_holiday_is_not_flagged():
    # The school itself planned Toetsweek 1 on ma 5 - vr 9 jan, straight after the kerstvakantie.
    config = make_config(
        calendar="""
[[calendar.test_weeks]]
name = "Toetsweek 1"
start = 2026-01-05
end = 2026-01-09
groups = ["4*"]
"""
    )
    rows = [("2026-01-05", "4H1", "wiskunde", "PW"), ("2026-01-05", "3H1", "wiskunde", "PW")]
    findings = run(make_plan(rows, config), config, RULE)
    assert [f.group for f in findings] == ["3H1"]
