"""peak-week: a week whose test load is above `factor` times the group's median week."""

from __future__ import annotations

import statistics

import pandas as pd
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

RULE = "peak-week"
# Tuesdays of weeks 10, 11, 12 and 13 of 2026.
TUE = {10: "2026-03-03", 11: "2026-03-10", 12: "2026-03-17", 13: "2026-03-24"}
SUBJECTS = ["wiskunde", "Engels", "Frans", "Duits"]


def planned(group: str, per_week: dict[int, int], kind: str = "PW"):
    return [(TUE[w], group, SUBJECTS[i], kind) for w, n in per_week.items() for i in range(n)]


def test_at_the_limit_no_finding(config):
    # Loads 2, 2, 3: median 2, limit 1.5 x 2 = 3; week 12 is exactly at it.
    plan = make_plan(planned("2A", {10: 2, 11: 2, 12: 3}), config)
    assert run(plan, config, RULE) == []


def test_a_peak(config):
    # Loads 1, 1, 2: median 1, limit 1.5; week 12 with 2 stands out.
    plan = make_plan(planned("2A", {10: 1, 11: 1, 12: 2}), config)
    nl, en = run_both(plan, config, RULE)
    (f,) = nl
    assert f.severity is Severity.INFO
    assert (f.group, f.pupil) == ("2A", None)
    assert (f.start, f.end) == (d("2026-03-17"), d("2026-03-17"))
    assert f.assessments == ("a4", "a3")  # Engels before wiskunde, as in the message
    assert (f.value, f.limit) == (2.0, 1.5)
    assert f.message == (
        "2A heeft in week 12 (16-20 mrt) een piek: toetsbelasting 2, "
        "meer dan 1,5 x de gewone week (1)"
    )
    assert en[0].message == (
        "2A has a peak in week 12 (16-20 Mar): test load 2, more than 1.5 x a usual week (1)"
    )


def test_weights_make_the_load(config):
    # Weeks with one SO (0.5) each and a week with a proefwerk (1.0): twice the median.
    rows = [
        (TUE[10], "2A", "wiskunde", "SO"),
        (TUE[11], "2A", "wiskunde", "SO"),
        (TUE[12], "2A", "wiskunde", "PW"),
    ]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.value, f.limit) == (1.0, 0.75)


def test_one_week_or_weeks_without_tests_are_no_peak(config):
    assert run(make_plan(planned("2A", {12: 3}), config), config, RULE) == []
    # Homework weeks are no weeks with tests: the median stays that of the test weeks.
    rows = [
        *planned("2A", {11: 2, 12: 2}),
        (TUE[10], "2A", "ak", "HW"),
        (TUE[13], "2A", "ak", "HW"),
    ]
    plan = make_plan(rows, config, minutes=[None] * 4 + [30, 30])
    assert run(plan, config, RULE) == []


def test_test_week_days_are_left_out():
    config = make_config(
        calendar="""
[[calendar.test_weeks]]
start = 2026-03-16
end = 2026-03-20
groups = ["4*"]
"""
    )
    plan = make_plan(planned("4H1", {10: 1, 11: 1, 12: 4}) + planned("3A", {10: 1, 11: 1, 12: 4}))
    assert [f.group for f in run(plan, config, RULE)] == ["3A"]


def test_pupil_in_two_clusters(config):
    # 5v.wisB: 1 test a week in weeks 10-13; 5v.nat: one test in week 12. Neither group has a
    # peak; a pupil in both has 1, 1, 2, 1.
    rows = [*planned("5v.wisB", {10: 1, 11: 1, 12: 1, 13: 1}), (TUE[12], "5v.nat", "nat", "PW")]
    members = make_members([("p1", "5v.wisB"), ("p1", "5v.nat"), ("p2", "5v.wisB")])
    nl, en = run_both(make_plan(rows, config), config, RULE, members=members)
    assert group_findings(nl) == []
    (f,) = pupil_findings(nl)
    assert (f.pupil, f.group, f.value, f.limit) == ("p1", "5v.nat, 5v.wisB", 2.0, 1.5)
    assert sorted(f.assessments) == ["a3", "a5"]
    assert f.message.startswith("leerling p1 heeft in week 12 (16-20 mrt) een piek")
    assert pupil_findings(en)[0].message.startswith("pupil p1 has a peak in week 12")


def test_pupils_with_the_same_groups_that_week_keep_their_own_median(config):
    # Regression: p1 (A, B) and p2 (A, B, C) see the same tests in week 13 (A and B), but C's
    # small tests in other weeks make p2's usual week 0.5 instead of 1. Each keeps their own.
    rows = [
        *planned("4.A", {10: 1, 11: 1, 12: 1, 13: 1}),
        ("2026-03-25", "4.B", "biologie", "PW"),
        *[(day, "4.C", "Latijn", "SO") for day in ("2026-03-31", "2026-04-08", "2026-04-15")],
        *[(day, "4.C", "Latijn", "SO") for day in ("2026-04-22", "2026-05-06", "2026-05-13")],
    ]
    members = make_members([("p1", "4.A"), ("p1", "4.B"), ("p2", "4.A"), ("p2", "4.B")])
    members = pd.concat([members, make_members([("p2", "4.C")])], ignore_index=True)
    findings = pupil_findings(run(make_plan(rows, config), config, RULE, members=members))
    by_pupil = {f.pupil: (f.start.isoformat(), f.value, f.limit) for f in findings}
    assert by_pupil == {"p1": ("2026-03-24", 2.0, 1.5), "p2": ("2026-03-24", 2.0, 0.75)}


def test_no_pupil_finding_for_one_groups_peak(config):
    rows = planned("2A", {10: 1, 11: 1, 12: 3})
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.peak-week]
factor = 2.5
groups = ["1*", "2*"]
severity = "warning"
reference = "spreiding"

[[rules.peak-week.overrides]]
groups = ["1*"]
factor = 1.2
"""
    )
    rows = [r for g in ("1A", "2A", "3A") for r in planned(g, {10: 1, 11: 1, 12: 2})]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.group, f.value) == ("1A", 2.0)
    assert abs(f.limit - 1.2) < 1e-9
    assert (f.severity, f.reference) == (Severity.WARNING, "spreiding")
    assert "meer dan 1,2 x de gewone week" in f.message
    config = make_config("[rules.peak-week]\nenabled = false")
    assert run(make_plan(rows, config), config, RULE) == []


def reference(rows, members, factor):
    """Weeks above `factor` x the median of the entity's weeks with tests; pupils only where two
    or more groups have tests in the peak week."""
    groups_of = {}
    for pupil, group in zip(members["pupil"], members["group"], strict=True):
        groups_of.setdefault(pupil, set()).add(group)
    entities = [(g, None, {g}) for g in sorted(set(rows["group"]))]
    entities += [("", p, gs) for p, gs in groups_of.items()]
    out = set()
    for group, pupil, gs in entities:
        weeks = {}
        for r in rows[rows["group"].isin(gs)].to_dict("records"):
            weeks.setdefault(r["week"], []).append(r)
        loads = {w: sum(r["test_weight"] for r in part) for w, part in weeks.items()}
        loads = {w: v for w, v in loads.items() if v > 0}
        if not loads:
            continue
        limit = factor * statistics.median(loads.values())
        for week, load in loads.items():
            involved = {r["group"] for r in weeks[week]}
            if load <= limit + 1e-9 or (pupil is not None and len(involved) < 2):
                continue
            name = group if pupil is None else ", ".join(sorted(involved))
            days = [r["day"].date() for r in weeks[week]]
            ids = frozenset(r["id"] for r in weeks[week])
            out.add((name, pupil, min(days), max(days), round(load, 6), limit, ids))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_plain_reference_on_random_plans(seed):
    config = random_config()
    plan, members = random_plan(seed)
    rows = enriched(plan, config)
    rows = rows[rows["is_test"] & ~rows["in_test_week"]]
    expected = reference(rows, members, 1.5)
    got = finding_keys(run(plan, config, RULE, members=members))

    def rounded(keys):  # limits are factor x median: compare them rounded
        return {(*k[:5], round(k[5], 6), *k[6:]) for k in keys}

    assert rounded(got) == rounded(expected)
