"""homework-per-week: homework minutes per group/pupil per ISO week."""

from __future__ import annotations

import pytest
from conftest import (
    d,
    enriched,
    finding_keys,
    group_findings,
    make_config,
    make_members,
    make_plan,
    pupil_findings,
    random_config,
    random_plan,
    reference_per_key,
    run,
    run_both,
)

from planner.model import Severity

RULE = "homework-per-week"
WEEK = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"]


def daily(group: str, minutes: int):
    rows = [(day, group, "wiskunde", "HW") for day in WEEK]
    return rows, [minutes] * len(rows)


def test_three_hundred_minutes_is_the_limit(config):
    rows, minutes = daily("2A", 60)
    assert run(make_plan(rows, config, minutes=minutes), config, RULE) == []


def test_one_minute_more(config):
    rows, minutes = daily("2A", 60)
    minutes[2] = 61
    nl, en = run_both(make_plan(rows, config, minutes=minutes), config, RULE)
    (f,) = nl
    assert f.severity is Severity.WARNING
    assert (f.group, f.pupil) == ("2A", None)
    assert (f.start, f.end) == (d("2026-03-09"), d("2026-03-13"))
    assert f.assessments == ("a1", "a2", "a3", "a4", "a5")
    assert (f.value, f.limit) == (301.0, 300.0)
    assert f.message == "2A heeft in week 11 (9-13 mrt) 301 minuten huiswerk (max 300)"
    assert en[0].message == "2A has 301 minutes of homework in week 11 (9-13 Mar) (max 300)"


def test_weeks_are_iso_weeks(config):
    rows = [(day, "2A", "wiskunde", "HW") for day in ("2026-03-12", "2026-03-13", "2026-03-16")]
    assert run(make_plan(rows, config, minutes=150), config, RULE) == []


def test_tests_with_study_time_count(config):
    rows, minutes = daily("2A", 50)
    rows.append(("2026-03-11", "2A", "Engels", "PW"))
    (f,) = run(make_plan(rows, config, minutes=[*minutes, 60]), config, RULE)
    assert (f.value, len(f.assessments)) == (310.0, 6)


def test_pupil_in_two_clusters(config):
    rows_a, min_a = daily("5v.wisB", 40)
    rows_b, min_b = daily("5v.nat", 30)
    members = make_members([("p1", "5v.wisB"), ("p1", "5v.nat"), ("p2", "5v.nat")])
    plan = make_plan(rows_a + rows_b, config, minutes=min_a + min_b)
    nl, en = run_both(plan, config, RULE, members=members)
    assert group_findings(nl) == []
    (f,) = pupil_findings(nl)
    assert (f.pupil, f.group, f.value, f.limit) == ("p1", "5v.nat, 5v.wisB", 350.0, 300.0)
    assert f.message == "leerling p1 heeft in week 11 (9-13 mrt) 350 minuten huiswerk (max 300)"
    assert pupil_findings(en)[0].message.startswith("pupil p1 has 350 minutes of homework")


def test_no_pupil_finding_for_one_groups_homework(config):
    rows, minutes = daily("2A", 70)
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    findings = run(make_plan(rows, config, minutes=minutes), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.homework-per-week]
max = 400
groups = ["1*", "2*"]
severity = "error"
reference = "huiswerkbeleid"

[[rules.homework-per-week.overrides]]
groups = ["1*"]
max = 200
"""
    )
    rows, minutes = [], []
    for g in ("1A", "2A", "3A"):
        r, m = daily(g, 70)
        rows += r
        minutes += m
    (f,) = run(make_plan(rows, config, minutes=minutes), config, RULE)
    assert (f.group, f.value, f.limit) == ("1A", 350.0, 200.0)
    assert (f.severity, f.reference) == (Severity.ERROR, "huiswerkbeleid")
    config = make_config("[rules.homework-per-week]\nenabled = false")
    assert run(make_plan(rows, config, minutes=minutes), config, RULE) == []


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_plain_reference_on_random_plans(seed):
    config = random_config()
    plan, members = random_plan(seed, n_rows=120)
    rows = enriched(plan, config)
    rows = rows[rows["hw_minutes"] > 0]
    expected = reference_per_key(rows, members, "week", [(lambda r: r["hw_minutes"], 300.0)])
    assert finding_keys(run(plan, config, RULE, members=members)) == expected
