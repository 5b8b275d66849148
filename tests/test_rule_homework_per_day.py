"""homework-per-day: homework minutes per group/pupil per school day."""

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

RULE = "homework-per-day"
DAY = "2026-03-10"


def test_sixty_minutes_is_the_limit(config):
    rows = [(DAY, "2A", "wiskunde", "HW"), (DAY, "2A", "Engels", "HW")]
    assert run(make_plan(rows, config, minutes=[30, 30]), config, RULE) == []


def test_one_minute_more(config):
    rows = [(DAY, "2A", "wiskunde", "HW"), (DAY, "2A", "Engels", "huiswerk")]
    nl, en = run_both(make_plan(rows, config, minutes=[30, 31]), config, RULE)
    (f,) = nl
    assert f.severity is Severity.WARNING
    assert (f.group, f.pupil) == ("2A", None)
    assert (f.start, f.end) == (d(DAY), d(DAY))
    assert sorted(f.assessments) == ["a1", "a2"]
    assert (f.value, f.limit) == (61.0, 60.0)
    assert f.message == (
        "2A heeft op di 10 mrt 61 minuten huiswerk (max 60): Engels (huiswerk), wiskunde (huiswerk)"
    )
    assert en[0].message == (
        "2A has 61 minutes of homework on Tue 10 Mar (max 60): "
        "Engels (huiswerk), wiskunde (huiswerk)"
    )


def test_study_time_for_a_test_counts_and_rows_without_minutes_do_not(config):
    rows = [
        (DAY, "2A", "wiskunde", "PW"),
        (DAY, "2A", "Engels", "HW"),
        (DAY, "2A", "Frans", "HW"),
        ("2026-03-11", "2A", "Duits", "HW"),
    ]
    (f,) = run(make_plan(rows, config, minutes=[45, 20, None, 50]), config, RULE)
    assert (f.value, f.assessments) == (65.0, ("a2", "a1"))


def test_pupil_in_two_clusters(config):
    rows = [(DAY, "4h.wisB", "wiskunde B", "HW"), (DAY, "4h.nat", "natuurkunde", "HW")]
    members = make_members([("p1", "4h.wisB"), ("p1", "4h.nat"), ("p2", "4h.nat")])
    plan = make_plan(rows, config, minutes=[40, 30])
    nl, en = run_both(plan, config, RULE, members=members)
    assert group_findings(nl) == []
    (f,) = pupil_findings(nl)
    assert (f.pupil, f.group, f.value, f.limit) == ("p1", "4h.nat, 4h.wisB", 70.0, 60.0)
    assert f.message.startswith("leerling p1 heeft op di 10 mrt 70 minuten huiswerk (max 60)")
    assert pupil_findings(en)[0].message.startswith("pupil p1 has 70 minutes of homework")


def test_no_pupil_finding_for_one_groups_homework(config):
    rows = [(DAY, "2A", "wiskunde", "HW"), (DAY, "2A", "Engels", "HW")]
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    findings = run(make_plan(rows, config, minutes=45), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]


def test_parameters_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.homework-per-day]
max = 90
groups = ["1*", "2*"]
severity = "info"
reference = "huiswerkbeleid"

[[rules.homework-per-day.overrides]]
groups = ["1*"]
max = 45
"""
    )
    rows = [(DAY, g, "wiskunde", "HW") for g in ("1A", "2A", "3A")]
    (f,) = run(make_plan(rows, config, minutes=60), config, RULE)
    assert (f.group, f.value, f.limit) == ("1A", 60.0, 45.0)
    assert (f.severity, f.reference) == (Severity.INFO, "huiswerkbeleid")
    config = make_config("[rules.homework-per-day]\nenabled = false")
    assert run(make_plan(rows, config, minutes=600), config, RULE) == []


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_plain_reference_on_random_plans(seed):
    config = random_config()
    plan, members = random_plan(seed)
    rows = enriched(plan, config)
    rows = rows[rows["hw_minutes"] > 0]
    expected = reference_per_key(rows, members, "day", [(lambda r: r["hw_minutes"], 60.0)])
    assert finding_keys(run(plan, config, RULE, members=members)) == expected
