"""What the commands that read plan files share (check, report, suggest, timetable): the
school's rules in the chosen language, the memberships, the plan."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from planner.config import SchoolConfig, load_config
from planner.importers import read_members, read_plan
from planner.model import ImportProblem, Plan


def school_config(school: Path | None, lang: str | None) -> SchoolConfig:
    """school.toml (defaults without one), in `lang` or else its own language. Read it first:
    every later message speaks its language."""
    return load_config(school).in_language(lang)


def members_of(
    members: Path | None, config: SchoolConfig
) -> tuple[pd.DataFrame | None, list[ImportProblem]]:
    if members is None:
        return None, []
    return read_members(members, lang=config.language, settings=config.imports)


def read_inputs(
    plans: Sequence[Path], config: SchoolConfig, members: Path | None
) -> tuple[Plan, pd.DataFrame | None]:
    """The plan files as one plan (with the members file's problems) and the memberships."""
    frame, problems = members_of(members, config)
    plan = read_plan(plans, config)
    plan.problems.extend(problems)
    return plan, frame
