"""consecutive-test-days: more than `max` school days in a row with a heavy test."""

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
    run,
    run_both,
)

from planner.model import Severity

RULE = "consecutive-test-days"
SUBJECTS = ["wiskunde", "Engels", "Frans", "Duits", "ak", "gs"]


def heavy_on(group: str, days: list[str], kind: str = "PW"):
    return [(day, group, SUBJECTS[i], kind) for i, day in enumerate(days)]


def test_three_days_is_the_limit(config):
    plan = make_plan(heavy_on("2A", ["2026-03-09", "2026-03-10", "2026-03-11"]), config)
    assert run(plan, config, RULE) == []


def test_four_days_in_a_row(config):
    days = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"]
    nl, en = run_both(make_plan(heavy_on("2A", days), config), config, RULE)
    (f,) = nl
    assert f.severity is Severity.WARNING
    assert (f.group, f.pupil) == ("2A", None)
    assert (f.start, f.end) == (d("2026-03-09"), d("2026-03-12"))
    assert f.assessments == ("a1", "a2", "a3", "a4")
    assert (f.value, f.limit) == (4.0, 3.0)
    assert f.message == (
        "2A heeft 4 schooldagen achter elkaar een zware toets, ma 9 mrt t/m do 12 mrt (max 3): "
        "wiskunde (proefwerk), Engels (proefwerk), Frans (proefwerk), Duits (proefwerk)"
    )
    assert en[0].message.startswith(
        "2A has a heavy test on 4 school days in a row, Mon 9 Mar to Thu 12 Mar (max 3): "
    )


def test_a_weekend_does_not_break_a_run(config):
    days = ["2026-03-12", "2026-03-13", "2026-03-16", "2026-03-17"]  # do, vr, ma, di
    (f,) = run(make_plan(heavy_on("2A", days), config), config, RULE)
    assert (f.start, f.end, f.value) == (d("2026-03-12"), d("2026-03-17"), 4.0)


def test_a_day_off_neither_breaks_nor_extends_a_run():
    config = make_config(calendar="days_off = [2026-03-11]")
    days = ["2026-03-09", "2026-03-10", "2026-03-12", "2026-03-13"]  # wo 11 mrt: day off
    (f,) = run(make_plan(heavy_on("2A", days), config), config, RULE)
    assert (f.value, f.start, f.end) == (4.0, d("2026-03-09"), d("2026-03-13"))
    # Three tests around a day off are three days, not four.
    days = ["2026-03-10", "2026-03-12", "2026-03-13"]
    assert run(make_plan(heavy_on("2A", days), config), config, RULE) == []


def test_a_free_school_day_breaks_the_run(config):
    days = ["2026-03-09", "2026-03-10", "2026-03-12", "2026-03-13"]
    assert run(make_plan(heavy_on("2A", days), config), config, RULE) == []


def test_light_tests_and_homework_do_not_count(config):
    rows = [
        ("2026-03-09", "2A", "wiskunde", "PW"),
        ("2026-03-10", "2A", "Engels", "SO"),
        ("2026-03-11", "2A", "Frans", "PW"),
        ("2026-03-12", "2A", "Duits", "PW"),
        ("2026-03-13", "2A", "ak", "HW"),
    ]
    assert run(make_plan(rows, config, minutes=[None] * 4 + [30]), config, RULE) == []


def test_two_heavy_tests_on_one_day_are_one_day(config):
    days = ["2026-03-09", "2026-03-09", "2026-03-10", "2026-03-11"]
    assert run(make_plan(heavy_on("2A", days), config), config, RULE) == []
    days = [*days, "2026-03-12"]
    (f,) = run(make_plan(heavy_on("2A", days), config), config, RULE)
    assert f.value == 4.0
    assert len(f.assessments) == 5


def test_test_week_days_are_left_out():
    config = make_config(
        calendar="""
[[calendar.test_weeks]]
start = 2026-03-11
end = 2026-03-13
groups = ["4*"]
"""
    )
    days = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"]
    plan = make_plan(heavy_on("4H1", days) + heavy_on("3A", days), config)
    assert [f.group for f in run(plan, config, RULE)] == ["3A"]


def test_pupil_in_two_clusters(config):
    rows = [
        *heavy_on("5v.wisB", ["2026-03-09", "2026-03-10"]),
        ("2026-03-11", "5v.nat", "natuurkunde", "PW"),
        ("2026-03-12", "5v.nat", "natuurkunde", "PW"),
    ]
    members = make_members([("p1", "5v.wisB"), ("p1", "5v.nat"), ("p2", "5v.nat")])
    nl, en = run_both(make_plan(rows, config), config, RULE, members=members)
    assert group_findings(nl) == []
    (f,) = pupil_findings(nl)
    assert (f.pupil, f.group, f.value, f.limit) == ("p1", "5v.nat, 5v.wisB", 4.0, 3.0)
    assert (f.start, f.end) == (d("2026-03-09"), d("2026-03-12"))
    assert f.assessments == ("a1", "a2", "a3", "a4")
    assert f.message.startswith("leerling p1 heeft 4 schooldagen achter elkaar een zware toets")
    assert pupil_findings(en)[0].message.startswith("pupil p1 has a heavy test on 4 school days")


def test_no_pupil_finding_for_one_groups_run(config):
    days = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"]
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    findings = run(make_plan(heavy_on("2A", days), config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.consecutive-test-days]
max = 2
groups = ["1*", "2*"]
severity = "error"
reference = "art. 3.4"

[[rules.consecutive-test-days.overrides]]
groups = ["2*"]
max = 4
"""
    )
    days = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"]
    rows = heavy_on("1A", days[:3]) + heavy_on("2A", days) + heavy_on("3A", days)
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.group, f.value, f.limit) == ("1A", 3.0, 2.0)
    assert (f.severity, f.reference) == (Severity.ERROR, "art. 3.4")
    config = make_config("[rules.consecutive-test-days]\nenabled = false")
    assert run(make_plan(rows, config), config, RULE) == []


def reference(rows, members, limit):
    """Runs of school days with a heavy test, per group and per pupil (pupils: two or more
    groups in the run), by walking the days in order."""
    groups_of = {}
    for pupil, group in zip(members["pupil"], members["group"], strict=True):
        groups_of.setdefault(pupil, set()).add(group)
    entities = [(g, None, {g}) for g in sorted(set(rows["group"]))]
    entities += [("", p, gs) for p, gs in groups_of.items()]
    out = set()
    for group, pupil, gs in entities:
        mine = rows[rows["group"].isin(gs)].to_dict("records")
        runs, current = [], []
        for sidx in sorted({r["sidx"] for r in mine}):
            if current and sidx != current[-1] + 1:
                runs.append(current)
                current = []
            current.append(sidx)
        runs += [current] if current else []
        for run_days in runs:
            part = [r for r in mine if r["sidx"] in run_days]
            involved = {r["group"] for r in part}
            if len(run_days) <= limit or (pupil is not None and len(involved) < 2):
                continue
            name = group if pupil is None else ", ".join(sorted(involved))
            days = [r["day"].date() for r in part]
            ids = frozenset(r["id"] for r in part)
            out.add((name, pupil, min(days), max(days), float(len(run_days)), float(limit), ids))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_plain_reference_on_random_plans(seed):
    config = random_config()
    plan, members = random_plan(seed, n_rows=90)
    rows = enriched(plan, config)
    rows = rows[rows["is_heavy"] & ~rows["in_test_week"] & rows["sidx"].notna()]
    expected = reference(rows, members, 3)
    assert finding_keys(run(plan, config, RULE, members=members)) == expected
