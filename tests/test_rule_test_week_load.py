"""test-week-load: tests per group/pupil per day inside the group's test week."""

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

RULE = "test-week-load"
DAY = "2026-01-27"  # di 27 jan, in the test week
TEST_WEEK = """
[[calendar.test_weeks]]
name = "Toetsweek 2"
start = 2026-01-26
end = 2026-01-30
groups = ["4*", "5*"]
"""


def test_at_the_limit_no_finding():
    config = make_config(calendar=TEST_WEEK)
    rows = [(DAY, "4H1", "wiskunde", "PW"), (DAY, "4H1", "Engels", "PW")]
    assert run(make_plan(rows, config), config, RULE) == []


def test_one_above_the_limit():
    config = make_config(calendar=TEST_WEEK)
    rows = [(DAY, "4H1", s, "PW") for s in ("wiskunde", "Engels", "Frans")]
    nl, en = run_both(make_plan(rows, config), config, RULE)
    (f,) = nl
    assert f.severity is Severity.ERROR
    assert (f.group, f.pupil) == ("4H1", None)
    assert (f.start, f.end) == (d(DAY), d(DAY))
    assert sorted(f.assessments) == ["a1", "a2", "a3"]
    assert (f.value, f.limit) == (3.0, 2.0)
    assert f.message == (
        "4H1 heeft in Toetsweek 2 op di 27 jan 3 toetsen (max 2): "
        "Engels (proefwerk), Frans (proefwerk), wiskunde (proefwerk)"
    )
    assert en[0].message.startswith("4H1 has 3 tests on Tue 27 Jan in Toetsweek 2 (max 2): ")


def test_counts_tests_not_weights():
    config = make_config(calendar=TEST_WEEK)
    rows = [(DAY, "4H1", s, "SO") for s in ("wiskunde", "Engels", "Frans")]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.value, f.limit) == (3.0, 2.0)


def test_homework_does_not_count():
    config = make_config(calendar=TEST_WEEK)
    rows = [(DAY, "4H1", "wiskunde", "PW"), (DAY, "4H1", "Engels", "PW"), (DAY, "4H1", "ak", "HW")]
    assert run(make_plan(rows, config, minutes=[None, None, 30]), config, RULE) == []


def test_only_the_groups_in_the_test_week():
    config = make_config(calendar=TEST_WEEK)
    rows = [(DAY, g, s, "PW") for g in ("3A", "4H1") for s in ("wiskunde", "Engels", "Frans")]
    plan = make_plan(rows, config)
    assert [f.group for f in run(plan, config, RULE)] == ["4H1"]
    # ... and 3A's day is tests-per-day's business instead.
    assert [f.group for f in run(plan, config, "tests-per-day")] == ["3A"]


def test_days_outside_the_test_week_do_not_count():
    config = make_config(calendar=TEST_WEEK)
    rows = [("2026-02-03", "4H1", s, "PW") for s in ("wiskunde", "Engels", "Frans")]
    assert run(make_plan(rows, config), config, RULE) == []


def test_pupil_in_two_clusters():
    config = make_config(calendar=TEST_WEEK)
    rows = [
        (DAY, "4h.wisB", "wiskunde B", "PW"),
        (DAY, "4h.wisB", "wiskunde B", "SO"),
        (DAY, "4h.nat", "natuurkunde", "PW"),
    ]
    members = make_members([("p1", "4h.wisB"), ("p1", "4h.nat"), ("p2", "4h.nat")])
    nl, en = run_both(make_plan(rows, config), config, RULE, members=members)
    assert group_findings(nl) == []
    (f,) = pupil_findings(nl)
    assert (f.pupil, f.group, f.value, f.limit) == ("p1", "4h.nat, 4h.wisB", 3.0, 2.0)
    assert f.message.startswith("leerling p1 heeft in Toetsweek 2 op di 27 jan 3 toetsen (max 2)")
    assert pupil_findings(en)[0].message.startswith("pupil p1 has 3 tests on Tue 27 Jan")


def test_no_pupil_finding_for_one_groups_tests():
    config = make_config(calendar=TEST_WEEK)
    rows = [(DAY, "4H1", s, "PW") for s in ("wiskunde", "Engels", "Frans")]
    members = make_members([("p1", "4H1"), ("p1", "4h.wisB")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("4H1", None)]


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.test-week-load]
max = 3
groups = ["4*"]
severity = "warning"
reference = "PTA art. 5"

[[rules.test-week-load.overrides]]
groups = ["4H2"]
max = 1
""",
        calendar=TEST_WEEK,
    )
    rows = [
        (DAY, g, s, "PW") for g in ("4H1", "4H2", "5V1") for s in ("wiskunde", "Engels", "Frans")
    ]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.group, f.value, f.limit) == ("4H2", 3.0, 1.0)
    assert (f.severity, f.reference) == (Severity.WARNING, "PTA art. 5")
    config = make_config("[rules.test-week-load]\nenabled = false", calendar=TEST_WEEK)
    assert run(make_plan(rows, config), config, RULE) == []


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_plain_reference_on_random_plans(seed):
    config = random_config()
    plan, members = random_plan(seed, n_rows=120)
    rows = enriched(plan, config)
    rows = rows[rows["is_test"] & rows["in_test_week"]]
    expected = reference_per_key(rows, members, "day", [(lambda r: 1.0, 2.0)])
    assert finding_keys(run(plan, config, RULE, members=members)) == expected
