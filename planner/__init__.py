"""Toetsplanner: check a school's test and homework plan against its own test regulations.

from planner import load_config, read_plan, read_members, check
config = load_config("school.toml")
plan = read_plan(["plan.csv"], config)
members, problems = read_members("members.csv")
result = check(plan, config, members=members, lang="nl")
"""

from __future__ import annotations

import planner._pandas  # noqa: F401  (first: sets pandas' string storage)
from planner.check import CheckResult, check, prepare, recheck
from planner.config import SchoolConfig, load_config, parse_config
from planner.errors import ConfigError, InvalidInput, PlannerError, StorageError
from planner.importers import read_members, read_plan
from planner.model import Finding, ImportProblem, Plan, Severity
from planner.rules import REGISTRY
from planner.school_calendar import SchoolCalendar
from planner.workload import Members, load_per_day, load_per_week

__all__ = [
    "REGISTRY",
    "CheckResult",
    "ConfigError",
    "Finding",
    "ImportProblem",
    "InvalidInput",
    "Members",
    "Plan",
    "PlannerError",
    "SchoolCalendar",
    "SchoolConfig",
    "Severity",
    "StorageError",
    "check",
    "load_config",
    "load_per_day",
    "load_per_week",
    "parse_config",
    "prepare",
    "read_members",
    "read_plan",
    "recheck",
]
