"""The dates a repair suggests, for the meeting's per-teacher lists and its "accept these moves":
planner.suggest.repair run once on a plan with the lesson timetable it has, bounded in time and
in steps (the same plan gives the same moves on any machine while the steps run out first)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from planner.config import SchoolConfig
from planner.i18n import Lang
from planner.lessons import Lessons
from planner.model import Plan
from planner.services.checked import Checked
from planner.storage import Store
from planner.suggest import Options, Repair, repair


@dataclasses.dataclass(frozen=True)
class Search:
    """How long a repair may look: at most `seconds`, and `steps` tries (a fixed number makes
    the moves the same on every machine); the seed is fixed. `lessons`: a lesson timetable to
    use instead of the stored plan's (a file given on the command line); `options`: where a
    test may go (the window, today)."""

    seconds: float = 10.0
    steps: int | None = 20_000
    lessons: Lessons | None = None
    options: Options = dataclasses.field(default_factory=Options)


def lessons_of(rows: pd.DataFrame) -> Lessons | None:
    """The lesson timetable of stored or read rows (group, subject, weekday, period); None
    when there are none (then the plan's own days count)."""
    return Lessons.from_frame(rows) if not rows.empty else None


def suggest(
    plan: Plan,
    config: SchoolConfig,
    *,
    members: pd.DataFrame | None,
    lessons: Lessons | None,
    lang: Lang,
    search: Search,
) -> Repair:
    """The repair's moves for the whole plan."""
    return repair(
        plan,
        config,
        members=members,
        lessons=lessons,
        options=search.options,
        seconds=search.seconds,
        steps=search.steps,
        seed=0,
        lang=lang,
    )


def suggest_stored(store: Store, checked: Checked, search: Search) -> Repair:
    """The repair's moves for a stored plan as it is in `checked`, with the lesson timetable
    the plan had at that change (or the search's own)."""
    stored = checked.stored
    lessons = search.lessons
    if lessons is None:
        lessons = lessons_of(store.lessons(stored.name, stored.change))
    return suggest(
        stored.plan,
        stored.config,
        members=stored.members,
        lessons=lessons,
        lang=checked.lang,
        search=search,
    )
