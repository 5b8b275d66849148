"""The rule registry matches the contract (ids, order, severities, parameters), every
rule module is registered, documented and tested, and the calendar the rule tests rely on is the
one the `holidays` package gives for region midden in 2025-2026."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import holidays
import pytest
from conftest import make_config, make_members, make_plan, run

import planner.rules
from planner.check import check
from planner.config import RULE_SCHEMA, parse_config
from planner.i18n import fmt_date
from planner.model import Severity
from planner.rules import REGISTRY
from planner.school_calendar import SchoolCalendar

RULES_DIR = Path(planner.rules.__file__).parent
TESTS_DIR = Path(__file__).parent

# The contract: id, default severity, parameters with their defaults.
CATALOGUE: list[tuple[str, Severity, dict[str, float]]] = [
    ("non-school-day", Severity.ERROR, {}),
    ("tests-per-day", Severity.ERROR, {"max": 2.0, "max_heavy": 1}),
    ("tests-per-week", Severity.ERROR, {"max": 4.0}),
    ("after-holiday", Severity.WARNING, {"days": 2, "min_length": 7}),
    ("after-test-week", Severity.ERROR, {"days": 3}),
    ("before-test-week", Severity.WARNING, {"days": 5}),
    ("test-week-load", Severity.ERROR, {"max": 2}),
    ("makeup-room", Severity.WARNING, {"days": 10}),
    ("homework-per-day", Severity.WARNING, {"max": 60}),
    ("homework-per-week", Severity.WARNING, {"max": 300}),
    ("consecutive-test-days", Severity.WARNING, {"max": 3}),
    ("notice-period", Severity.WARNING, {"days": 7}),
    ("duplicate", Severity.WARNING, {}),
    ("peak-week", Severity.INFO, {"factor": 1.5}),
]
IDS = [rule_id for rule_id, _, _ in CATALOGUE]


def rule_modules() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.py") if p.stem not in ("__init__", "base"))


def test_registry_ids_are_the_catalogue_in_order():
    assert list(REGISTRY) == IDS


def test_the_school_toml_schema_has_exactly_the_registered_rules():
    """config.RULE_SCHEMA (what school.toml may say about each rule) and the registry (what
    the rules do) name the same rules in the same order, with the same parameters."""
    assert list(RULE_SCHEMA) == list(REGISTRY)
    for rule_id, rule in REGISTRY.items():
        assert (rule.severity, rule.params) == (
            RULE_SCHEMA[rule_id].severity,
            RULE_SCHEMA[rule_id].params,
        )


def test_every_rule_module_is_registered_under_its_file_name():
    modules = rule_modules()
    assert sorted(m.replace("_", "-") for m in modules) == sorted(IDS)
    for name in modules:
        module = importlib.import_module(f"planner.rules.{name}")
        assert module.RULE is REGISTRY[name.replace("_", "-")]
        assert module.RULE.id == name.replace("_", "-")


@pytest.mark.parametrize("rule_id", IDS)
def test_every_rule_is_documented(rule_id):
    module = importlib.import_module(f"planner.rules.{rule_id.replace('-', '_')}")
    doc = module.__doc__ or ""
    # "<id>: what it checks", then why.
    assert doc.startswith(f"{rule_id}: "), doc[:60]
    assert len(doc.split()) >= 8
    rule = REGISTRY[rule_id]
    assert set(rule.title) == {"nl", "en"}
    assert all(rule.title.values())


@pytest.mark.parametrize(("rule_id", "severity", "params"), CATALOGUE)
def test_default_severity_and_parameters(rule_id, severity, params):
    rule = REGISTRY[rule_id]
    assert rule.severity is severity
    assert {p.name: p.default for p in rule.params} == params
    # ... and that is what a school without a [rules] table gets.
    config = parse_config({}).rules[rule_id]
    assert config.enabled
    assert config.severity is severity
    assert config.reference == ""
    assert config.groups == ("*",)
    assert dict(config.params) == params


@pytest.mark.parametrize("rule_id", IDS)
def test_every_rule_has_a_test_module(rule_id):
    path = TESTS_DIR / f"test_rule_{rule_id.replace('-', '_')}.py"
    assert path.is_file(), f"{path.name} is missing"
    text = path.read_text(encoding="utf-8")
    assert f'RULE = "{rule_id}"' in text


def test_unknown_rule_in_the_config_is_an_error():
    from planner.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown rule"):
        make_config("[rules.tests-per-dag]\nmax = 3")


# --- the calendar the rule tests rely on ------------------------------------------------------


def test_region_midden_2025_2026_holidays_as_the_tests_assume():
    nl = holidays.Netherlands(
        subdiv="Midden",
        categories=(holidays.PUBLIC, holidays.SCHOOL),
        years=[2025, 2026],
    )

    def free(first: str, last: str) -> bool:
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        return all(day in nl for day in days)

    assert free("2025-10-18", "2025-10-26")  # herfstvakantie
    assert free("2025-12-20", "2026-01-04")  # kerstvakantie
    assert free("2026-02-14", "2026-02-22")  # voorjaarsvakantie
    assert free("2026-04-25", "2026-05-03")  # meivakantie
    for day in ("2026-04-03", "2026-04-06", "2026-04-27", "2026-05-14", "2026-05-25"):
        assert dt.date.fromisoformat(day) in nl, day  # Goede Vrijdag .. Pinksteren
    for day in ("2025-10-17", "2025-10-27", "2026-01-05", "2026-02-23", "2026-05-04"):
        assert dt.date.fromisoformat(day) not in nl, day
    assert dt.date(2026, 7, 18) in nl and dt.date(2026, 7, 17) not in nl  # zomervakantie


def test_school_calendar_of_the_test_config():
    cal = SchoolCalendar(make_config())
    days = {d.date() for d in cal.school_days}
    assert min(days) == dt.date(2025, 9, 1)
    assert max(days) == dt.date(2026, 7, 17)
    week_11 = [dt.date(2026, 3, 9) + dt.timedelta(days=i) for i in range(5)]
    assert all(day in days for day in week_11)
    assert dt.date(2026, 4, 3) not in days and dt.date(2026, 4, 7) in days


# --- all rules together -----------------------------------------------------------------------


def test_all_rules_run_together_with_and_without_members():
    config = make_config(
        calendar="""
days_off = [2026-02-13]
[[calendar.test_weeks]]
start = 2026-01-26
end = 2026-01-30
groups = ["4*"]
[[calendar.makeup_days]]
date = 2026-03-20
"""
    )
    rows = [
        (day, group, subject, kind)
        for day in (
            "2026-01-05",
            "2026-01-22",
            "2026-01-27",
            "2026-02-02",
            "2026-03-10",
            "2026-03-11",
            "2026-03-12",
            "2026-03-13",
            "2026-03-14",
            "2026-07-16",
        )
        for group in ("2A", "4H1", "4h.wisB")
        for subject, kind in (
            ("wiskunde", "PW"),
            ("Engels", "SO"),
            ("Engels", "SO"),
            ("Duits", "SO"),
            ("Frans", "HW"),
        )
    ]
    plan = make_plan(
        rows,
        config,
        minutes=[None, None, None, None, 70] * (len(rows) // 5),
        announced="2026-01-20",
    )
    members = make_members(
        [("p1", "4H1"), ("p1", "4h.wisB"), ("p2", "4H1"), ("p3", "2A"), ("p4", "4h.wisB")]
    )
    without = check(plan, config)
    with_members = check(plan, config, members=members)
    fired = {f.rule for f in without.findings}
    assert fired == set(IDS)
    assert {f.rule for f in with_members.findings} == fired
    group_part = [f for f in with_members.findings if f.pupil is None]
    assert sorted(map(repr, group_part)) == sorted(map(repr, without.findings))
    pupils = {f.pupil for f in with_members.findings if f.pupil is not None}
    assert pupils == {"p1"}  # only p1 is in two groups
    for rule_id in IDS:
        assert run(plan, config, rule_id) == [f for f in without.findings if f.rule == rule_id]
    english = check(plan, config, members=members, lang="en").findings
    assert len(english) == len(with_members.findings)
    for nl, en in zip(with_members.findings, english, strict=True):
        # Every message names who it is about and when, in the teacher's way of writing.
        who_nl = nl.group if nl.pupil is None else f"leerling {nl.pupil}"
        who_en = en.group if en.pupil is None else f"pupil {en.pupil}"
        assert who_nl in nl.message and who_en in en.message
        when_nl = [fmt_date(nl.start, "nl"), f"week {nl.start.isocalendar().week} ("]
        when_en = [fmt_date(en.start, "en"), f"week {en.start.isocalendar().week} ("]
        assert any(w in nl.message for w in when_nl), nl.message
        assert any(w in en.message for w in when_en), en.message
        assert nl.message != en.message


def test_check_refuses_an_unknown_rule_id():
    config = make_config()
    plan = make_plan([("2026-03-14", "2A", "wiskunde", "PW")], config)
    with pytest.raises(ValueError, match="tests-per-dag"):
        check(plan, config, rules=["non-school-day", "tests-per-dag"])
    assert [f.rule for f in check(plan, config, rules=["non-school-day"]).findings] == [
        "non-school-day"
    ]
    assert check(plan, config, rules=[]).findings == []


def test_empty_plan_has_no_findings():
    config = make_config()
    result = check(make_plan([], config), config, members=make_members([("p1", "2A")]))
    assert result.findings == []
    assert result.summary["assessments"] == 0
