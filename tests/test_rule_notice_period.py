"""notice-period: a test announced less than `days` calendar days before it."""

from __future__ import annotations

from conftest import d, make_config, make_members, make_plan, run, run_both

from planner.model import Severity

RULE = "notice-period"
DAY = "2026-03-10"  # di 10 mrt


def test_seven_days_ahead_is_enough(config):
    plan = make_plan([(DAY, "2A", "wiskunde", "PW")], config, announced="2026-03-03")
    assert run(plan, config, RULE) == []


def test_six_days_ahead_is_too_late(config):
    plan = make_plan([(DAY, "2A", "wiskunde", "PW")], config, announced="2026-03-04")
    nl, en = run_both(plan, config, RULE)
    (f,) = nl
    assert f.severity is Severity.WARNING
    assert (f.group, f.pupil, f.assessments) == ("2A", None, ("a1",))
    assert (f.start, f.end) == (d(DAY), d(DAY))
    assert (f.value, f.limit) == (6.0, 7.0)
    assert f.message == (
        "2A: wiskunde (proefwerk) op di 10 mrt is pas op wo 4 mrt aangekondigd: "
        "6 dagen van tevoren (minimaal 7)"
    )
    assert en[0].message == (
        "2A: wiskunde (proefwerk) on Tue 10 Mar was announced on Wed 4 Mar: "
        "6 days ahead (at least 7)"
    )


def test_one_day_is_one_day(config):
    plan = make_plan([(DAY, "2A", "wiskunde", "SO")], config, announced="9-3-2026")
    nl, en = run_both(plan, config, RULE)
    assert nl[0].value == 1.0
    assert "1 dag van tevoren" in nl[0].message
    assert "1 day ahead" in en[0].message


def test_counts_calendar_days_not_school_days(config):
    # Announced fr 27 feb, just after the voorjaarsvakantie: 11 calendar days before.
    plan = make_plan([(DAY, "2A", "wiskunde", "PW")], config, announced="2026-02-27")
    assert run(plan, config, RULE) == []


def test_announced_after_the_test(config):
    plan = make_plan([(DAY, "2A", "wiskunde", "PW")], config, announced="2026-03-11")
    (f,) = run(plan, config, RULE)
    assert f.value == -1.0


def test_only_tests_with_an_announcement_are_checked(config):
    rows = [
        (DAY, "2A", "wiskunde", "PW"),
        (DAY, "2A", "Engels", "HW"),
        (DAY, "2A", "Frans", "SO"),
    ]
    plan = make_plan(rows, config, announced=[None, "2026-03-09", "2026-03-09"], minutes=20)
    assert [f.assessments for f in run(plan, config, RULE)] == [("a3",)]


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.notice-period]
days = 10
groups = ["4*", "5*"]
severity = "error"
reference = "PTA art. 2: tien dagen van tevoren"

[[rules.notice-period.overrides]]
groups = ["5*"]
days = 14
"""
    )
    rows = [(DAY, g, "wiskunde", "PW") for g in ("3A", "4H1", "5V1")]
    plan = make_plan(rows, config, announced="2026-02-27")  # 11 days ahead
    (f,) = run(plan, config, RULE)
    assert (f.group, f.value, f.limit) == ("5V1", 11.0, 14.0)
    assert (f.severity, f.reference) == (Severity.ERROR, "PTA art. 2: tien dagen van tevoren")
    config = make_config("[rules.notice-period]\nenabled = false")
    assert run(make_plan(rows, config, announced=DAY), config, RULE) == []


def test_only_group_findings_with_members(config):
    plan = make_plan([(DAY, "2A", "wiskunde", "PW")], config, announced=DAY)
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    findings = run(plan, config, RULE, members=members)
    assert [(f.group, f.pupil, f.value) for f in findings] == [("2A", None, 0.0)]
