"""The sample school (sample_data/): it loads cleanly, shows every rule, and is mostly clean.

The sample is what a new user sees first, so it must show every kind of finding (each rule of
the catalogue fires at least once, some per pupil) while most weeks stay clean, and its files
must be what sample_data/generate.py makes from school.toml.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from planner import REGISTRY, check, load_config, read_members, read_plan
from planner.check import CheckResult
from planner.config import SchoolConfig
from planner.importers.from_excel import read_excel_plan
from planner.importers.ical import read_ical_plan
from planner.model import Plan

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.fixture(scope="module")
def config() -> SchoolConfig:
    return load_config(SAMPLE / "school.toml")


@pytest.fixture(scope="module")
def plan(config: SchoolConfig) -> Plan:
    return read_plan([SAMPLE / "plan.csv"], config)


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    frame, problems = read_members(SAMPLE / "members.csv")
    assert problems == []
    return frame


@pytest.fixture(scope="module")
def result(plan: Plan, config: SchoolConfig, members: pd.DataFrame) -> CheckResult:
    return check(plan, config, members=members, lang="nl")


def test_sample_school_loads_without_problems(
    config: SchoolConfig, plan: Plan, members: pd.DataFrame, result: CheckResult
) -> None:
    assert config.name == "Voorbeeldcollege"
    assert set(config.rules) == set(REGISTRY)
    assert plan.problems == []
    assert result.problems == []
    assert result.summary["assessments"] > 2000
    assert result.summary["groups"] >= 30
    assert 550 <= result.summary["pupils"] <= 650
    assert members["pupil"].str.fullmatch(r"25\d{4}").all()  # pseudonymous numbers only
    kinds = set(plan.assessments["kind"])
    assert kinds == {"proefwerk", "so", "po", "mondeling", "huiswerk"}
    assert plan.assessments["subject"].nunique() >= 12


def test_every_rule_fires_on_the_sample(result: CheckResult) -> None:
    fired = Counter(f.rule for f in result.findings)
    assert set(REGISTRY) - set(fired) == set()


def test_findings_quote_the_reglement(result: CheckResult) -> None:
    assert all(f.reference.startswith(("Toetsreglement", "Toetsbeleid")) for f in result.findings)


def test_some_findings_are_per_pupil_only(result: CheckResult) -> None:
    pupils = [f for f in result.findings if f.pupil is not None]
    assert {f.rule for f in pupils} >= {"tests-per-day", "tests-per-week", "homework-per-day"}
    # 4 havo with wiskunde B and natuurkunde: two proefwerken on one day, one per group.
    day = [f for f in pupils if f.rule == "tests-per-day" and str(f.start) == "2026-03-12"]
    assert day and all("4h.nat" in f.group and "4h.wisB" in f.group for f in day)
    groups_that_day = {
        f.group for f in result.findings if f.pupil is None and str(f.start) == "2026-03-12"
    }
    assert not groups_that_day & {"4h.nat", "4h.wisB", "4H1"}


def test_most_group_weeks_are_clean(plan: Plan, result: CheckResult) -> None:
    rows = plan.assessments
    iso = rows["date"].dt.isocalendar()
    group_weeks = set(zip(rows["group"], iso["year"], iso["week"], strict=True))
    with_error = {
        (f.group, *f.start.isocalendar()[:2])
        for f in result.findings
        if f.pupil is None and f.severity == "error"
    }
    assert with_error <= group_weeks
    assert len(with_error) < 0.25 * len(group_weeks)
    assert result.summary["errors"] < 50


def test_the_excel_sample_is_4_havo_of_the_plan(config: SchoolConfig, plan: Plan) -> None:
    table, problems = read_excel_plan(SAMPLE / "plan-4havo.xlsx", config)
    assert problems == []
    assert len(table) > 50
    assert set(table["source"]) == {f"plan-4havo.xlsx[Periode {n}]" for n in range(1, 5)}
    rows = plan.assessments
    four_havo = rows[rows["group"].isin(["4H1", "4H2"]) | rows["group"].str.startswith("4h.")]
    four_havo = four_havo[four_havo["kind"] != "huiswerk"]
    assert key(table) == key(four_havo)


def test_the_ical_sample_is_2a_of_the_plan(config: SchoolConfig, plan: Plan) -> None:
    table, problems = read_ical_plan(SAMPLE / "plan-2a.ics", config)
    assert problems == []
    assert len(table) > 30
    rows = plan.assessments
    two_a = rows[(rows["group"] == "2A") & (rows["kind"] != "huiswerk")]
    assert key(table) == key(two_a)


def key(table: pd.DataFrame) -> list[tuple[str, ...]]:
    columns = ["group", "subject", "kind", "title", "teacher", "start", "end"]
    dates = table["date"].dt.strftime("%Y-%m-%d")
    return sorted(zip(dates, *(table[c].astype("str") for c in columns), strict=True))


def test_the_sample_files_are_what_the_generator_makes(tmp_path: Path) -> None:
    generate = load_generator()
    generate.main(tmp_path)
    for name in ("plan.csv", "members.csv", "plan-2a.ics"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name
    config = load_config(SAMPLE / "school.toml")
    made, _ = read_excel_plan(tmp_path / "plan-4havo.xlsx", config)
    kept, _ = read_excel_plan(SAMPLE / "plan-4havo.xlsx", config)
    pd.testing.assert_frame_equal(made, kept)


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module
