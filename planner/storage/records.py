"""What the store hands out: a stored plan, a plan's summary, a change, an upload."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pandas as pd

from planner.config import SchoolConfig
from planner.decisions import Decision
from planner.model import ImportProblem, Plan


@dataclasses.dataclass(frozen=True, slots=True)
class PlanInfo:
    name: str
    created_at: dt.datetime
    created_by: str
    copied_from: str | None
    assessments: int
    pupils: int
    uploads: int
    changes: int
    last_change: dt.datetime


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """One recorded write: an upload, an edit, an undo, a decision, a new config."""

    id: int
    at: dt.datetime
    person: str
    action: str
    detail: dict[str, Any]
    undoes: int | None
    undone_by: int | None = None
    creates_plan: bool = False  # the write also made its plan (the plan's first delivery)


@dataclasses.dataclass(frozen=True, slots=True)
class Upload:
    id: int
    change: int
    at: dt.datetime
    person: str
    what: str
    file_name: str
    sha256: str
    replace: str
    rows: int
    problems: tuple[ImportProblem, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class StoredPlan:
    """A plan as the store holds it at one change: everything `check` needs."""

    name: str
    change: int
    config: SchoolConfig
    config_toml: str
    plan: Plan
    members: pd.DataFrame | None
    decisions: tuple[Decision, ...]
    # The stored rows with their versions, before repeats across uploads are dropped: what
    # `Store.refresh` updates instead of reading the whole plan again.
    rows: pd.DataFrame = dataclasses.field(repr=False, default_factory=pd.DataFrame)
