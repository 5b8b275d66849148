"""makeup-room: a make-up moment within `days` school days; no tests at the very end."""

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

RULE = "makeup-room"

MAKEUP = """
[[calendar.makeup_days]]
date = 2026-03-20
groups = ["2*"]
[[calendar.makeup_days]]
date = 2026-04-01
groups = ["2*"]
"""


def found(findings):
    return [(f.group, f.start.isoformat(), f.value, f.limit) for f in findings]


def test_tests_in_the_last_school_days_of_the_period(config):
    # The period ends vr 17 jul 2026: the last 10 school days are ma 6 - vr 17 jul.
    rows = [
        ("2026-07-03", "2A", "wiskunde", "PW"),  # 10 school days left: fine
        ("2026-07-06", "2A", "Engels", "SO"),  # 9 left
        ("2026-07-17", "2A", "Frans", "PW"),  # the very last day
    ]
    nl, en = run_both(make_plan(rows, config), config, RULE)
    assert found(nl) == [("2A", "2026-07-06", 9.0, 10.0), ("2A", "2026-07-17", 0.0, 10.0)]
    f = nl[0]
    assert f.severity is Severity.WARNING
    assert (f.pupil, f.assessments, f.end) == (None, ("a2",), d("2026-07-06"))
    assert f.message == (
        "2A: Engels (so) op ma 6 jul ligt in de laatste 10 schooldagen: geen tijd om in te halen"
    )
    assert en[0].message == (
        "2A: Engels (so) on Mon 6 Jul is in the last 10 school days: no time to make it up"
    )


def test_the_end_counts_school_days_only():
    # A day off in the last weeks pushes the window one school day back.
    config = make_config(calendar="days_off = [2026-07-10]")
    rows = [("2026-07-02", "2A", "wiskunde", "PW"), ("2026-07-03", "2A", "Engels", "PW")]
    assert found(run(make_plan(rows, config), config, RULE)) == [("2A", "2026-07-03", 9.0, 10.0)]


def test_make_up_day_within_days_school_days():
    config = make_config(calendar=MAKEUP)
    rows = [
        ("2026-03-05", "2A", "wiskunde", "PW"),  # 11 school days to vr 20 mrt
        ("2026-03-06", "2A", "Engels", "PW"),  # 10: exactly the limit
        ("2026-03-10", "2A", "Frans", "SO"),  # 8
        ("2026-03-20", "2A", "Duits", "PW"),  # the make-up day itself: next one is wo 1 apr
        ("2026-03-05", "3A", "wiskunde", "PW"),  # 3A has no make-up days: made up in class
    ]
    nl, en = run_both(make_plan(rows, config), config, RULE)
    assert found(nl) == [("2A", "2026-03-05", 11.0, 10.0)]
    assert (
        nl[0].message
        == "2A: wiskunde (proefwerk) op do 5 mrt: geen inhaalmoment binnen 10 schooldagen"
    )
    assert (
        en[0].message
        == "2A: wiskunde (proefwerk) on Thu 5 Mar: no make-up moment within 10 school days"
    )


def test_no_later_make_up_day():
    config = make_config(calendar=MAKEUP)
    rows = [("2026-04-02", "2A", "wiskunde", "PW"), ("2026-04-02", "2A", "Engels", "HW")]
    (f,) = run(make_plan(rows, config, minutes=[None, 30]), config, RULE)
    assert (f.start, f.assessments, f.limit) == (d("2026-04-02"), ("a1",), 10.0)
    assert "geen inhaalmoment binnen 10 schooldagen" in f.message


def test_make_up_day_on_a_non_school_day_does_not_count():
    config = make_config(
        calendar="""
[[calendar.makeup_days]]
date = 2026-03-14
[[calendar.makeup_days]]
date = 2026-03-30
"""
    )
    rows = [("2026-03-10", "2A", "wiskunde", "PW")]
    # za 14 mrt is no school day; ma 30 mrt is 14 school days later.
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.value, f.limit) == (14.0, 10.0)


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.makeup-room]
days = 5
groups = ["2*"]
severity = "info"
reference = "art. 9: inhalen binnen twee weken"

[[rules.makeup-room.overrides]]
groups = ["2B"]
days = 15
""",
        calendar=MAKEUP,
    )
    rows = [("2026-03-10", g, "wiskunde", "PW") for g in ("2A", "2B", "3A")]
    (f,) = run(make_plan(rows, config), config, RULE)
    # 2A: 8 school days to the make-up day, more than 5; 2B may wait 15; 3A is not checked.
    assert (f.group, f.value, f.limit) == ("2A", 8.0, 5.0)
    assert (f.severity, f.reference) == (Severity.INFO, "art. 9: inhalen binnen twee weken")
    assert "binnen 5 schooldagen" in f.message
    config = make_config("[rules.makeup-room]\nenabled = false", calendar=MAKEUP)
    assert run(make_plan(rows, config), config, RULE) == []


def test_only_group_findings_with_members(config):
    rows = [("2026-07-15", "2A", "wiskunde", "PW")]
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]


@pytest.mark.parametrize("days", [3, 10, 25])
def test_whole_year_matches_a_plain_reference(days):
    makeup = ["2025-10-01", "2025-10-22", "2025-11-05", "2026-02-04", "2026-05-20", "2026-06-03"]
    config = make_config(
        f"[rules.makeup-room]\ndays = {days}",
        calendar="".join(
            f'[[calendar.makeup_days]]\ndate = {m}\ngroups = ["4*"]\n' for m in makeup
        ),
    )
    plan = make_plan(every_school_day(["4H1", "3A"]), config)
    got = {(f.group, f.start, f.value) for f in run(plan, config, RULE)}
    school = school_like_days(YEAR_START, YEAR_END)
    # 2025-10-22 lies in the herfstvakantie: no make-up moment.
    moments = [school.index(dt.date.fromisoformat(m)) for m in makeup if m != "2025-10-22"]
    expected = set()
    for group in ("4H1", "3A"):
        for i, day in enumerate(school):
            left = len(school) - 1 - i
            if left < days:
                expected.add((group, day, float(left)))
                continue
            if group != "4H1":
                continue
            later = [m for m in moments if m > i]
            wait = later[0] - i if later else left
            if not later or wait > days:
                expected.add((group, day, float(wait)))
    assert got == expected
