"""Changes a person saves into a plan: a draft of edits, a what-if copy with them, the moves
the suggestions proposed, a test week's timetable, a decision on a finding. Each is one change
in the plan's history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner.edits import Edit
from planner.fit import Proposal, row_fields
from planner.storage import Change, Store
from planner.suggest import Move
from planner.testweek import WeekProblem, placements
from planner.views.findings import assessment_ids


@dataclasses.dataclass(frozen=True)
class Saved:
    """Where the change went: `plan`, made as a copy first when `copied`."""

    plan: str
    change: Change | None
    copied: bool = False


def save_edits(store: Store, plan: str, edits: Sequence[Edit], *, person: str) -> Change:
    """The edits into the plan as one change, all or none."""
    return store.edit(plan, list(edits), person=person)


def add_test(store: Store, plan: str, proposal: Proposal, day: dt.date, *, person: str) -> Change:
    """A proposed test (planner.fit) on `day` into the plan: a row per group, one change."""
    edits = [Edit(None, row_fields(proposal, group, day)) for group in proposal.groups]
    return save_edits(store, plan, edits, person=person)


def copy_plan(store: Store, plan: str, to: str, *, person: str) -> bool:
    """A what-if copy of `plan` named `to`; False when `to` exists already (then it is used
    as it is)."""
    if to == plan or store.has_plan(to):
        return False
    store.create_plan(to, person=person, copy_of=plan)
    return True


def save_moves(
    store: Store, plan: str, moves: Iterable[Move], *, person: str, to: str | None = None
) -> Saved:
    """Moved tests (a suggestion's or a person's) into `plan`, or into the plan `to`, made as
    a copy of `plan` when it does not exist."""
    target = to or plan
    copied = copy_plan(store, plan, target, person=person)
    edits = [Edit(m.id, {"date": m.after}) for m in moves]
    change = save_edits(store, target, edits, person=person) if edits else None
    return Saved(target, change, copied)


def week_edits(problem: WeekProblem, slot: np.ndarray) -> list[Edit]:
    """A test week's timetable as edits: every test of the week on its exam's day, its
    session as the period."""
    return [
        Edit(test, {"date": day, "period": session})
        for test, (day, session) in placements(problem, slot).items()
    ]


def decide(
    store: Store,
    plan: str,
    finding: Mapping[str, Any] | pd.Series,
    *,
    status: str,
    note: str,
    person: str,
) -> Change:
    """The team's decision on a finding (a row of a check's frame): accepted or to do, with
    why. It holds as long as the finding's tests stay as they are."""
    pupil = finding.get("pupil")
    return store.decide(
        plan,
        rule=str(finding["rule"]),
        group=str(finding["group"]),
        pupil=pupil if isinstance(pupil, str) and pupil else None,
        start=pd.Timestamp(finding["start"]).date(),
        end=pd.Timestamp(finding["end"]).date(),
        assessments=assessment_ids(finding["assessments"]),
        status=status,
        note=note.strip(),
        person=person,
    )
