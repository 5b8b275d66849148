"""tests-per-week: weighted test load per group/pupil per ISO week, test-week days left out."""

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

RULE = "tests-per-week"
WEEK = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"]  # week 11
SUBJECTS = ["wiskunde", "Engels", "Frans", "Duits", "ak", "gs"]


def one_a_day(group: str, kinds: list[str]) -> list[tuple[str, str, str, str]]:
    return [(WEEK[i % 5], group, SUBJECTS[i], k) for i, k in enumerate(kinds)]


def test_at_the_limit_no_finding(config):
    plan = make_plan(one_a_day("2A", ["PW", "PW", "PW", "SO", "SO"]), config)  # 4.0
    assert run(plan, config, RULE) == []


def test_one_above_the_limit(config):
    plan = make_plan(one_a_day("2A", ["PW", "PW", "PW", "PW", "SO"]), config)  # 4.5
    nl, en = run_both(plan, config, RULE)
    (f,) = nl
    assert f.severity is Severity.ERROR
    assert (f.group, f.pupil) == ("2A", None)
    assert (f.value, f.limit) == (4.5, 4.0)
    assert (f.start, f.end) == (d("2026-03-09"), d("2026-03-13"))
    assert sorted(f.assessments) == ["a1", "a2", "a3", "a4", "a5"]
    assert f.message.startswith("2A heeft in week 11 (9-13 mrt) 5 toetsen, belasting 4,5 (max 4)")
    assert en[0].message.startswith("2A has 5 tests, load 4.5 in week 11 (9-13 Mar) (max 4)")


def test_five_proefwerken(config):
    plan = make_plan(one_a_day("2A", ["PW"] * 5), config)
    (f,) = run(plan, config, RULE)
    assert (f.value, f.limit) == (5.0, 4.0)
    assert f.message.startswith("2A heeft in week 11 (9-13 mrt) 5 toetsen (max 4): ")


def test_weeks_are_iso_weeks(config):
    # Thu-Fri of week 11 and Mon-Tue of week 12: 4 proefwerken in 5 days, but 2 a week.
    rows = [
        ("2026-03-12", "2A", "wiskunde", "PW"),
        ("2026-03-13", "2A", "Engels", "PW"),
        ("2026-03-16", "2A", "Frans", "PW"),
        ("2026-03-17", "2A", "Duits", "PW"),
        ("2026-03-17", "2A", "ak", "PW"),
    ]
    assert run(make_plan(rows, config), config, RULE) == []


def test_homework_and_weights(config):
    rows = [*one_a_day("2A", ["PW", "PW", "PW", "SO", "SO"]), (WEEK[0], "2A", "gs", "HW")]
    assert run(make_plan(rows, config), config, RULE) == []
    plan = make_plan(one_a_day("2A", ["PW", "PW", "PW", "SO"]), config, weight=[1, 1, 1, 1.5])
    (f,) = run(plan, config, RULE)
    assert (f.value, f.limit) == (4.5, 4.0)


def test_test_week_days_are_left_out():
    config = make_config(
        calendar="""
[[calendar.test_weeks]]
name = "Toetsweek"
start = 2026-03-11
end = 2026-03-13
groups = ["4*"]
"""
    )
    # Mon-Tue are normal days, Wed-Fri test-week days for 4H1 only.
    plan = make_plan(one_a_day("4H1", ["PW"] * 5) + one_a_day("3A", ["PW"] * 5), config)
    assert [f.group for f in run(plan, config, RULE)] == ["3A"]


def test_pupil_in_two_clusters(config):
    rows = one_a_day("5v.wisB", ["PW", "PW", "SO"]) + one_a_day("5v.nat", ["PW", "PW"])
    members = make_members([("p1", "5v.wisB"), ("p1", "5v.nat"), ("p2", "5v.nat")])
    nl, en = run_both(make_plan(rows, config), config, RULE, members=members)
    assert group_findings(nl) == []
    (f,) = pupil_findings(nl)
    assert (f.pupil, f.group, f.value, f.limit) == ("p1", "5v.nat, 5v.wisB", 4.5, 4.0)
    assert f.message.startswith("leerling p1 heeft in week 11 (9-13 mrt) 5 toetsen")
    assert pupil_findings(en)[0].message.startswith("pupil p1 has 5 tests")


def test_no_pupil_finding_for_one_groups_load(config):
    rows = one_a_day("2A", ["PW"] * 5)
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]


def test_groups_override_disable_severity_reference():
    config = make_config(
        """
[rules.tests-per-week]
groups = ["1*", "2*", "3*"]
severity = "warning"
reference = "art. 3.3"

[[rules.tests-per-week.overrides]]
groups = ["1*"]
max = 3.0
"""
    )
    rows = [
        *one_a_day("1A", ["PW", "PW", "PW", "SO"]),  # 3.5 > 3
        *one_a_day("2A", ["PW", "PW", "PW", "SO"]),  # 3.5 <= 4
        *one_a_day("4A", ["PW"] * 6),  # not checked
    ]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.group, f.value, f.limit) == ("1A", 3.5, 3.0)
    assert f.severity is Severity.WARNING
    assert f.reference == "art. 3.3"
    config = make_config("[rules.tests-per-week]\nenabled = false")
    assert run(make_plan(rows, config), config, RULE) == []


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_plain_reference_on_random_plans(seed):
    config = random_config()
    plan, members = random_plan(seed, n_rows=90)
    rows = enriched(plan, config)
    rows = rows[rows["is_test"] & ~rows["in_test_week"]]
    expected = reference_per_key(rows, members, "week", [(lambda r: r["test_weight"], 4.0)])
    got = finding_keys(run(plan, config, RULE, members=members))
    assert got == expected
