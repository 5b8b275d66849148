"""What a suggestion is: the options in, the moves and candidates out, the plan moved."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from planner.check import CheckResult
from planner.model import Plan


@dataclasses.dataclass(frozen=True)
class Options:
    """Where a test may go: from `weeks_before` weeks before its own week to `weeks_after`
    weeks after it, never before `today` (when given: the core never reads the clock) and never
    across the school's report deadlines (read from its config). A test in a test week stays in
    that test week. With `homework`, homework moves too (to a lesson day of its subject)."""

    weeks_before: int = 1
    weeks_after: int = 2
    today: dt.date | None = None
    homework: bool = False


@dataclasses.dataclass(frozen=True)
class Move:
    """One test to another day, with the reason in words."""

    id: str
    group: str
    subject: str
    kind: str
    title: str
    before: dt.date
    after: dt.date
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "subject": self.subject,
            "kind": self.kind,
            "title": self.title,
            "from": self.before.isoformat(),
            "to": self.after.isoformat(),
            "reason": self.reason,
        }


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A day one test of a finding could move to, and what that does."""

    id: str
    day: dt.date
    errors_left: int  # errors of the plan after this move (all groups and pupils)
    warnings_left: int
    added_load: float  # the group's weighted test load on the new day, this test included
    distance: int  # school days from the test's date
    teacher_tests: int  # the same teacher's other tests on the new day
    move: Move


@dataclasses.dataclass
class Repair:
    """A set of moves, the check before and after, and why what is left could not be done."""

    moves: list[Move]
    before: CheckResult
    after: CheckResult
    plan: Plan  # the plan with the moves applied
    # errors left, as (row of after.frame, why): those no move can repair (proven) and those
    # the search did not solve
    unrepairable: list[tuple[int, str]]
    left: list[tuple[int, str]]
    seconds: float
    seed: int

    @property
    def unrepaired(self) -> list[tuple[int, str]]:
        """Every error left, in the order of the findings."""
        return sorted(self.unrepairable + self.left)

    def to_dict(self) -> dict[str, Any]:
        frame = self.after.frame
        return {
            "moves": [m.to_dict() for m in self.moves],
            "before": {"summary": self.before.summary, "findings": _dicts(self.before.frame)},
            "after": {"summary": self.after.summary, "findings": _dicts(frame)},
            "unrepairable": _why(frame, self.unrepairable),
            "left": _why(frame, self.left),
            # both, as older scripts read them
            "unrepaired": _why(frame, self.unrepaired),
            "seconds": round(self.seconds, 3),
            "seed": self.seed,
        }


def _why(frame: pd.DataFrame, rows: list[tuple[int, str]]) -> list[dict[str, Any]]:
    return [{**_dicts(frame.loc[[i]])[0], "why": why} for i, why in rows]


def _dicts(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [f.to_dict() for f in CheckResult(frame, [], {}).findings]


def apply_moves(plan: Plan, moves: Iterable[Move]) -> Plan:
    """The plan with each moved test on its new day (time of day and everything else kept)."""
    table = plan.assessments.copy()
    new_day = {m.id: pd.Timestamp(m.after) for m in moves}
    if not new_day:
        return Plan(table, list(plan.problems))
    hit = table["id"].isin(list(new_day))
    old = table.loc[hit, "date"]
    days = table.loc[hit, "id"].map(new_day)
    table.loc[hit, "date"] = (days + (old - old.dt.normalize())).astype(table["date"].dtype)
    return Plan(table, list(plan.problems))
