"""duplicate: the same group, subject, kind and date more than once."""

from __future__ import annotations

from conftest import d, make_config, make_members, make_plan, run, run_both

from planner.model import Severity

RULE = "duplicate"
DAY = "2026-03-10"


def test_entered_twice(config):
    rows = [(DAY, "2A", "wiskunde", "PW"), (DAY, "2A", "wiskunde", "PW")]
    nl, en = run_both(make_plan(rows, config), config, RULE)
    (f,) = nl
    assert f.severity is Severity.WARNING
    assert (f.group, f.pupil, f.assessments) == ("2A", None, ("a1", "a2"))
    assert (f.start, f.end) == (d(DAY), d(DAY))
    assert (f.value, f.limit) == (2.0, 1.0)
    assert f.message == "2A: wiskunde (proefwerk) staat 2 keer op di 10 mrt"
    assert en[0].message == "2A: wiskunde (proefwerk) is planned 2 times on Tue 10 Mar"


def test_three_times_through_aliases(config):
    # PW, toets and proefwerk are one kind.
    rows = [(DAY, "2A", "wiskunde", k) for k in ("PW", "toets", "proefwerk")]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.value, f.assessments) == (3.0, ("a1", "a2", "a3"))


def test_a_multi_group_row_and_a_single_row(config):
    rows = [(DAY, "2A, 2B", "wiskunde", "PW"), (DAY, "2A", "wiskunde", "PW")]
    (f,) = run(make_plan(rows, config, id=["x", "y"]), config, RULE)
    assert (f.group, f.assessments) == ("2A", ("x-2A", "y"))


def test_homework_twice_is_a_duplicate_too(config):
    rows = [(DAY, "2A", "wiskunde", "HW"), (DAY, "2A", "wiskunde", "HW")]
    (f,) = run(make_plan(rows, config, minutes=30), config, RULE)
    assert f.value == 2.0


def test_different_group_subject_kind_or_day_is_no_duplicate(config):
    rows = [
        (DAY, "2A", "wiskunde", "PW"),
        (DAY, "2B", "wiskunde", "PW"),
        (DAY, "2A", "Engels", "PW"),
        (DAY, "2A", "wiskunde", "SO"),
        ("2026-03-11", "2A", "wiskunde", "PW"),
    ]
    assert run(make_plan(rows, config), config, RULE) == []


def test_groups_override_severity_reference_enabled():
    config = make_config(
        """
[rules.duplicate]
groups = ["2*", "3*"]
severity = "error"
reference = "administratie"

[[rules.duplicate.overrides]]
groups = ["3*"]
enabled = false
"""
    )
    rows = [(DAY, g, "wiskunde", "PW") for g in ("1A", "2A", "3A") for _ in range(2)]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert (f.group, f.severity, f.reference) == ("2A", Severity.ERROR, "administratie")
    config = make_config("[rules.duplicate]\nenabled = false")
    assert run(make_plan(rows, config), config, RULE) == []


def test_only_group_findings_with_members(config):
    rows = [(DAY, "2A", "wiskunde", "PW"), (DAY, "2A", "wiskunde", "PW")]
    members = make_members([("p1", "2A"), ("p1", "2.lat")])
    findings = run(make_plan(rows, config), config, RULE, members=members)
    assert [(f.group, f.pupil) for f in findings] == [("2A", None)]


def test_subject_spelling_differences_are_one_subject(config):
    rows = [(DAY, "2A", "Wiskunde", "PW"), (DAY, "2A", " wiskunde", "PW")]
    (f,) = run(make_plan(rows, config), config, RULE)
    assert f.assessments == ("a1", "a2")
    assert f.message.startswith("2A: Wiskunde (proefwerk)")
