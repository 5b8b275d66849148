"""non-school-day: an assessment on a weekend, a public or school holiday, or a day off."""

from __future__ import annotations

import pytest
from conftest import d, make_config, make_members, make_plan, run, run_both

from planner.model import Severity

RULE = "non-school-day"


def test_weekend(config):
    plan = make_plan([("2026-03-14", "2A", "wiskunde", "PW")], config)
    nl, en = run_both(plan, config, RULE)
    (f,) = nl
    assert f.severity is Severity.ERROR
    assert (f.group, f.pupil, f.assessments) == ("2A", None, ("a1",))
    assert (f.start, f.end) == (d("2026-03-14"), d("2026-03-14"))
    assert (f.value, f.limit) == (1.0, None)
    assert (
        f.message
        == "2A: wiskunde (proefwerk) op za 14 mrt 2026 valt niet op een schooldag (weekend)"
    )
    assert (
        en[0].message
        == "2A: wiskunde (proefwerk) on Sat 14 Mar 2026 is not on a school day (weekend)"
    )


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("2025-10-21", "Herfstvakantie"),
        ("2025-12-29", "Kerstvakantie"),
        ("2026-02-18", "Voorjaarsvakantie"),
        ("2026-04-03", "Goede vrijdag"),
        ("2026-04-06", "Tweede paasdag"),
        ("2026-04-27", "Koningsdag"),
        ("2026-04-29", "Meivakantie"),
        ("2026-05-14", "Hemelvaartsdag"),
        ("2026-05-25", "Tweede pinksterdag"),
    ],
)
def test_holidays_of_region_midden(config, day, reason):
    (f,) = run(make_plan([(day, "2A", "wiskunde", "PW")], config), config, RULE)
    assert f.start == d(day)
    assert reason in f.message


def test_days_off_and_extra_holidays():
    config = make_config(
        calendar="""
days_off = [2026-02-13]
holidays = [{ name = "Extra meivakantie", start = 2026-04-20, end = 2026-04-24 }]
"""
    )
    rows = [("2026-02-13", "2A", "wiskunde", "PW"), ("2026-04-22", "2A", "Engels", "SO")]
    findings = run(make_plan(rows, config), config, RULE)
    assert [f.assessments for f in findings] == [("a1",), ("a2",)]
    assert findings[0].message.endswith("(studiedag)")
    assert findings[1].message.endswith("(Extra meivakantie)")


def test_outside_the_school_period(config):
    rows = [("2025-08-27", "2A", "wiskunde", "PW"), ("2026-07-20", "2A", "Engels", "PW")]
    nl, en = run_both(make_plan(rows, config), config, RULE)
    assert [f.start for f in nl] == [d("2025-08-27"), d("2026-07-20")]
    assert nl[0].message.endswith("(buiten de schoolperiode)")
    assert en[0].message.endswith("(outside the school period)")


def test_school_days_are_fine(config):
    rows = [
        ("2025-09-01", "2A", "wiskunde", "PW"),
        ("2026-03-10", "2A", "wiskunde", "PW"),
        ("2026-04-02", "2A", "Engels", "SO"),
        ("2026-04-07", "2A", "Engels", "SO"),
        ("2026-05-15", "2A", "Engels", "SO"),
        ("2026-07-17", "2A", "Frans", "PW"),
    ]
    assert run(make_plan(rows, config), config, RULE) == []


def test_homework_counts_too(config):
    plan = make_plan([("2026-03-15", "2A", "wiskunde", "HW")], config, minutes=30)
    (f,) = run(plan, config, RULE)
    assert "wiskunde (huiswerk) op zo 15 mrt 2026" in f.message


def test_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.non-school-day]
groups = ["2*", "3*"]
severity = "warning"
reference = "jaarplanning"

[[rules.non-school-day.overrides]]
groups = ["3*"]
severity = "info"
"""
    )
    rows = [("2026-03-14", g, "wiskunde", "PW") for g in ("1A", "2A", "3A")]
    findings = run(make_plan(rows, config), config, RULE)
    assert [(f.group, f.severity, f.reference) for f in findings] == [
        ("2A", Severity.WARNING, "jaarplanning"),
        ("3A", Severity.INFO, "jaarplanning"),
    ]
    config = make_config("[rules.non-school-day]\nenabled = false")
    assert run(make_plan(rows, config), config, RULE) == []


def test_only_group_findings_with_members(config):
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    plan = make_plan([("2026-03-14", "2A", "wiskunde", "PW")], config)
    findings = run(plan, config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]
