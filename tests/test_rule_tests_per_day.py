"""tests-per-day: weighted load and heavy tests per group/pupil per school day."""

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

RULE = "tests-per-day"
DAY = "2026-03-10"  # di 10 mrt


def test_at_the_limit_no_finding(config):
    # 1 proefwerk + 2 SO = load 2.0 with 1 heavy test: exactly the limits.
    plan = make_plan(
        [(DAY, "2A", "wiskunde", "PW"), (DAY, "2A", "Engels", "SO"), (DAY, "2A", "Frans", "SO")],
        config,
    )
    assert run(plan, config, RULE) == []


def test_one_above_the_load_limit(config):
    plan = make_plan(
        [
            (DAY, "2A", "wiskunde", "PW"),
            (DAY, "2A", "Engels", "SO"),
            (DAY, "2A", "Frans", "SO"),
            (DAY, "2A", "Duits", "SO"),
        ],
        config,
    )
    nl, en = run_both(plan, config, RULE)
    assert len(nl) == 1
    f = nl[0]
    assert f.rule == RULE
    assert f.severity is Severity.ERROR
    assert (f.group, f.pupil) == ("2A", None)
    assert (f.start, f.end) == (d(DAY), d(DAY))
    assert sorted(f.assessments) == ["a1", "a2", "a3", "a4"]
    assert (f.value, f.limit) == (2.5, 2.0)
    assert f.reference == ""
    assert f.message.startswith("2A heeft op di 10 mrt 4 toetsen, belasting 2,5 (max 2)")
    assert "wiskunde (proefwerk)" in f.message
    assert en[0].message.startswith("2A has 4 tests on Tue 10 Mar, load 2.5 (max 2)")
    assert "on Tue 10 Mar" in en[0].message


def test_three_equal_tests_say_tests_not_load(config):
    plan = make_plan([(DAY, "2A", s, "SO") for s in ("wiskunde", "Engels", "Frans", "Duits", "ak")])
    (f,) = run(plan, config, RULE)
    assert (f.value, f.limit) == (2.5, 2.0)
    assert "5 toetsen, belasting 2,5 (max 2)" in f.message


def test_two_heavy_tests_break_max_heavy(config):
    # Load 2.0 is fine, but 2 proefwerken on one day are one too many.
    plan = make_plan([(DAY, "2A", "wiskunde", "PW"), (DAY, "2A", "Engels", "PW")], config)
    nl, en = run_both(plan, config, RULE)
    (f,) = nl
    assert (f.value, f.limit) == (2.0, 1.0)
    assert f.assessments == ("a2", "a1")  # in subject order, as in the message
    assert f.message == (
        "2A heeft op di 10 mrt 2 zware toetsen (max 1): Engels (proefwerk), wiskunde (proefwerk)"
    )
    assert en[0].message == (
        "2A has 2 heavy tests on Tue 10 Mar (max 1): Engels (proefwerk), wiskunde (proefwerk)"
    )


def test_load_and_heavy_both_broken_reports_the_load(config):
    plan = make_plan([(DAY, "2A", s, "PW") for s in ("wiskunde", "Engels", "Frans")], config)
    (f,) = run(plan, config, RULE)
    assert (f.value, f.limit) == (3.0, 2.0)
    assert "3 toetsen (max 2); 3 zware toetsen (max 1)" in f.message


def test_other_days_and_groups_do_not_add_up(config):
    plan = make_plan(
        [
            (DAY, "2A", "wiskunde", "PW"),
            (DAY, "2B", "Engels", "PW"),
            ("2026-03-11", "2A", "Engels", "PW"),
            ("2026-03-11", "2A", "Frans", "SO"),
            ("2026-03-11", "2A", "Duits", "SO"),
        ],
        config,
    )
    assert run(plan, config, RULE) == []


def test_homework_does_not_count(config):
    plan = make_plan(
        [
            (DAY, "2A", "wiskunde", "PW"),
            (DAY, "2A", "Engels", "SO"),
            (DAY, "2A", "Frans", "SO"),
            (DAY, "2A", "Duits", "HW"),
            (DAY, "2A", "ak", "huiswerk"),
        ],
        config,
        minutes=[None, None, None, 30, 20],
    )
    assert run(plan, config, RULE) == []


def test_explicit_weight_counts(config):
    plan = make_plan(
        [(DAY, "2A", "wiskunde", "PW"), (DAY, "2A", "Engels", "SO")],
        config,
        weight=[None, "1,5"],
    )
    (f,) = run(plan, config, RULE)
    assert (f.value, f.limit) == (2.5, 2.0)
    plan = make_plan(
        [(DAY, "2A", "wiskunde", "PW"), (DAY, "2A", "Engels", "SO"), (DAY, "2A", "ak", "SO")],
        config,
        weight=[None, "0.25", "0.75"],
    )
    assert run(plan, config, RULE) == []


def test_test_week_days_of_that_group_are_skipped():
    config = make_config(
        calendar="""
[[calendar.test_weeks]]
name = "Toetsweek 3"
start = 2026-03-09
end = 2026-03-13
groups = ["4*"]
"""
    )
    rows = [(DAY, g, s, "PW") for g in ("4H1", "2A") for s in ("wiskunde", "Engels", "Frans")]
    plan = make_plan(rows, config)
    (f,) = run(plan, config, RULE)
    assert f.group == "2A"
    # The week after, 4H1 is checked again.
    plan = make_plan([("2026-03-17", "4H1", s, "PW") for s in ("wiskunde", "Engels")], config)
    (f,) = run(plan, config, RULE)
    assert f.group == "4H1"


def test_pupil_in_two_clusters_exceeds_what_neither_group_does(config):
    # 4h.wisB: 1 proefwerk (1.0); 4h.nat: 3 SO (1.5). Each fine, together 2.5.
    plan = make_plan(
        [
            (DAY, "4h.wisB", "wiskunde B", "PW"),
            (DAY, "4h.nat", "natuurkunde", "SO"),
            (DAY, "4h.nat", "natuurkunde", "SO"),
            (DAY, "4h.nat", "natuurkunde", "SO"),
        ],
        config,
    )
    members = make_members(
        [("p1", "4h.wisB"), ("p1", "4h.nat"), ("p2", "4h.wisB"), ("p3", "4h.nat"), ("p4", "4H1")]
    )
    nl, en = run_both(plan, config, RULE, members=members)
    assert group_findings(nl) == []
    (f,) = pupil_findings(nl)
    assert f.pupil == "p1"
    assert f.group == "4h.nat, 4h.wisB"
    assert (f.value, f.limit) == (2.5, 2.0)
    assert sorted(f.assessments) == ["a1", "a2", "a3", "a4"]
    assert (f.start, f.end) == (d(DAY), d(DAY))
    assert f.message.startswith("leerling p1 heeft op di 10 mrt 4 toetsen, belasting 2,5 (max 2)")
    assert pupil_findings(en)[0].message.startswith(
        "pupil p1 has 4 tests on Tue 10 Mar, load 2.5 (max 2)"
    )


def test_pupil_with_two_heavy_tests_from_two_groups(config):
    plan = make_plan([(DAY, "4h.wisB", "wiskunde B", "PW"), (DAY, "4H1", "Engels", "PW")], config)
    members = make_members([("p1", "4h.wisB"), ("p1", "4H1"), ("p2", "4H1")])
    findings = run(plan, config, RULE, members=members)
    (f,) = findings
    assert (f.pupil, f.value, f.limit) == ("p1", 2.0, 1.0)
    assert "2 zware toetsen (max 1)" in f.message


def test_no_pupil_finding_when_one_group_causes_it(config):
    plan = make_plan([(DAY, "4H1", s, "PW") for s in ("wiskunde", "Engels", "Frans")], config)
    members = make_members([("p1", "4H1"), ("p1", "4h.wisB"), ("p2", "4H1")])
    findings = run(plan, config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("4H1", None)]


def test_pupils_with_the_same_clusters_each_get_a_finding(config):
    plan = make_plan([(DAY, "4h.wisB", "wiskunde B", "PW"), (DAY, "4H1", "Engels", "PW")], config)
    members = make_members([(p, g) for p in ("p1", "p2", "p3") for g in ("4H1", "4h.wisB")])
    findings = run(plan, config, RULE, members=members)
    assert sorted(f.pupil for f in findings if f.pupil) == ["p1", "p2", "p3"]


def test_groups_pattern_limits_the_rule():
    config = make_config('[rules.tests-per-day]\ngroups = ["2*"]')
    plan = make_plan([(DAY, g, s, "PW") for g in ("2A", "3A") for s in ("wiskunde", "Engels")])
    assert [f.group for f in run(plan, config, RULE)] == ["2A"]


def test_override_with_a_stricter_limit():
    config = make_config(
        """
[[rules.tests-per-day.overrides]]
groups = ["1*"]
max = 1.0
reference = "onderbouw: 1 toets per dag"
"""
    )
    rows = [(DAY, g, s, k) for g in ("1A", "2A") for s, k in (("wiskunde", "PW"), ("ak", "SO"))]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.group, f.value, f.limit) == ("1A", 1.5, 1.0)
    assert f.reference == "onderbouw: 1 toets per dag"


def test_pupil_gets_the_strictest_limit_of_their_groups():
    config = make_config('[[rules.tests-per-day.overrides]]\ngroups = ["1A"]\nmax = 1.0')
    # 1A: 0.5 (max 1), 1.lat: 1.0 (max 2); the pupil in both has 1.5 against max 1.
    plan = make_plan([(DAY, "1A", "wiskunde", "SO"), (DAY, "1.lat", "Latijn", "PW")], config)
    members = make_members([("p1", "1A"), ("p1", "1.lat")])
    (f,) = run(plan, config, RULE, members=members)
    assert (f.pupil, f.value, f.limit) == ("p1", 1.5, 1.0)


def test_disabled():
    config = make_config("[rules.tests-per-day]\nenabled = false")
    plan = make_plan([(DAY, "2A", s, "PW") for s in ("wiskunde", "Engels", "Frans")], config)
    assert run(plan, config, RULE) == []


def test_disabled_for_some_groups_by_override():
    config = make_config('[[rules.tests-per-day.overrides]]\ngroups = ["2B"]\nenabled = false')
    plan = make_plan([(DAY, g, s, "PW") for g in ("2A", "2B") for s in ("wiskunde", "Engels")])
    assert [f.group for f in run(plan, config, RULE)] == ["2A"]


def test_custom_severity_and_reference():
    config = make_config(
        '[rules.tests-per-day]\nseverity = "warning"\nreference = "Toetsreglement art. 3.2"'
    )
    plan = make_plan([(DAY, "2A", s, "PW") for s in ("wiskunde", "Engels")], config)
    (f,) = run(plan, config, RULE)
    assert f.severity is Severity.WARNING
    assert f.reference == "Toetsreglement art. 3.2"


def test_custom_limits():
    config = make_config("[rules.tests-per-day]\nmax = 3.0\nmax_heavy = 2")
    plan = make_plan([(DAY, "2A", s, "PW") for s in ("wiskunde", "Engels")], config)
    assert run(plan, config, RULE) == []
    plan = make_plan([(DAY, "2A", s, "PW") for s in ("wiskunde", "Engels", "Frans")], config)
    (f,) = run(plan, config, RULE)
    assert (f.value, f.limit) == (3.0, 2.0)


def test_pupils_in_different_combinations_with_the_same_tests(config):
    # p2 also takes 4h.lat, which has no test that day: p1 and p2 see the same two tests.
    plan = make_plan([(DAY, "4h.wisB", "wiskunde B", "PW"), (DAY, "4H1", "Engels", "PW")], config)
    members = make_members(
        [
            ("p1", "4H1"),
            ("p1", "4h.wisB"),
            ("p2", "4H1"),
            ("p2", "4h.wisB"),
            ("p2", "4h.lat"),
            ("p3", "4H1"),
            ("p3", "4h.lat"),
        ]
    )
    findings = pupil_findings(run(plan, config, RULE, members=members))
    assert [(f.pupil, f.group, sorted(f.assessments)) for f in findings] == [
        ("p1", "4H1, 4h.wisB", ["a1", "a2"]),
        ("p2", "4H1, 4h.wisB", ["a1", "a2"]),
    ]
    assert [f.message.split(" heeft")[0] for f in findings] == ["leerling p1", "leerling p2"]


def test_pupil_finding_when_a_second_group_adds_to_an_overfull_day(config):
    # 4H1 alone breaks the limit (its own finding); a pupil who also has an SO in 4h.wisB that
    # day carries more than the group, so the pupil's load comes from two groups and is reported.
    rows = [(DAY, "4H1", s, "PW") for s in ("wiskunde", "Engels", "Frans")]
    rows.append((DAY, "4h.wisB", "wiskunde B", "SO"))
    members = make_members([("p1", "4H1"), ("p1", "4h.wisB"), ("p2", "4H1")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil, f.value) for f in findings] == [
        ("4H1", None, 3.0),
        ("4H1, 4h.wisB", "p1", 3.5),
    ]


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_plain_reference_on_random_plans(seed):
    config = random_config()
    plan, members = random_plan(seed)
    rows = enriched(plan, config)
    rows = rows[rows["is_test"] & ~rows["in_test_week"]]
    measures = [(lambda r: r["test_weight"], 2.0), (lambda r: float(r["is_heavy"]), 1.0)]
    expected = reference_per_key(rows, members, "day", measures)
    assert finding_keys(run(plan, config, RULE, members=members)) == expected


def test_an_override_switches_a_disabled_rule_on_for_some_groups():
    config = make_config(
        "[rules.tests-per-day]\nenabled = false\n\n"
        '[[rules.tests-per-day.overrides]]\ngroups = ["1*"]\nenabled = true\n'
    )
    plan = make_plan([(DAY, g, s, "PW") for g in ("1A", "2A") for s in ("wiskunde", "Engels")])
    members = make_members([("p1", "1A"), ("p1", "2A")])
    findings = run(plan, config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("1A", None)]


def test_pupil_finding_takes_the_strictest_of_their_groups_settings():
    config = make_config(
        """
[rules.tests-per-day]
reference = "art. 3.2"

[[rules.tests-per-day.overrides]]
groups = ["4h.*"]
severity = "warning"
reference = "art. 3.2 (clusters)"
max = 3.0
"""
    )
    rows = [
        (DAY, "4H1", "Engels", "PW"),
        (DAY, "4h.wisB", "wiskunde B", "PW"),
        (DAY, "4h.wisB", "wiskunde B", "SO"),
        (DAY, "4h.nat", "natuurkunde", "PW"),
        (DAY, "4h.nat", "natuurkunde", "SO"),
    ]
    members = make_members([("p1", "4H1"), ("p1", "4h.wisB"), ("p2", "4h.wisB"), ("p2", "4h.nat")])
    findings = pupil_findings(run(make_plan(rows, config), config, RULE, members=members))
    assert [(f.pupil, f.severity, f.reference, f.value, f.limit) for f in findings] == [
        # 4H1 (error, max 2) and a cluster (max 3): load 2.5 against the class's limit,
        # severity and reference.
        ("p1", Severity.ERROR, "art. 3.2", 2.5, 2.0),
        # Two clusters (warning, max 3): load 3 is fine, but two heavy tests are not.
        ("p2", Severity.WARNING, "art. 3.2 (clusters)", 2.0, 1.0),
    ]


def test_a_saturday_is_the_non_school_day_finding_only(config):
    # Three tests on za 14 mrt: no school that day, so no day load to count.
    rows = [("2026-03-14", "2A", s, "PW") for s in ("wiskunde", "Engels", "Frans")]
    plan = make_plan(rows, config)
    assert run(plan, config, RULE) == []
    assert len(run(plan, config, "non-school-day")) == 3
