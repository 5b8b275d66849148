"""The lesson timetable: on which weekdays a group has a subject, so a test moves to a lesson day.

Not the test-week timetable (planner.testweek): this one is the school's weekly timetable of
lessons, read by planner.importers.lessons and stored per plan, and used by the suggestions
(planner.suggest) so that a test only moves to a day on which its group has that subject.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from planner.model import Plan
from planner.vocabulary import weekday_number


@dataclasses.dataclass(frozen=True)
class Lessons:
    """The lesson timetable: on which weekdays (0 = Monday) a group has a subject."""

    days: Mapping[tuple[str, str], frozenset[int]]  # (group, subject), case-folded

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Lessons:
        """From (group, subject, weekday) rows; weekday as a number 1-7 or a Dutch or English
        name ("di", "dinsdag", "Tue")."""
        days: dict[tuple[str, str], set[int]] = {}
        for group, subject, weekday in zip(
            frame["group"], frame["subject"], frame["weekday"], strict=True
        ):
            day = weekday if isinstance(weekday, int) else weekday_number(str(weekday))
            if day is None:
                raise ValueError(f"not a weekday: {weekday!r}")
            key = (str(group).strip().casefold(), str(subject).strip().casefold())
            days.setdefault(key, set()).add(day)
        return cls({k: frozenset(v) for k, v in days.items()})

    def days_for(self, group: str, subject: str) -> frozenset[int] | None:
        return self.days.get((group.casefold(), subject.casefold()))


def lesson_days(plan: Plan, lessons: Lessons | None = None) -> dict[tuple[str, str], set[int]]:
    """Per (group, subject), case-folded, the weekdays a test of it may be on: the lesson
    timetable's where it knows the pair, else the weekdays on which the plan already has
    something (a test or homework) of that subject for that group: that is when its lessons
    are."""
    table = plan.assessments
    keys = pd.DataFrame(
        {
            "group": table["group"].str.casefold(),
            "subject": table["subject"].str.casefold(),
            "weekday": table["date"].dt.day_of_week,
        }
    ).drop_duplicates()
    days: dict[tuple[str, str], set[int]] = {}
    for group, subject, weekday in zip(
        keys["group"], keys["subject"], keys["weekday"], strict=True
    ):
        days.setdefault((group, subject), set()).add(int(weekday))
    if lessons is not None:
        for key in days:
            known = lessons.days.get(key)
            if known:
                days[key] = set(known)
    return days


__all__ = ["Lessons", "lesson_days", "weekday_number"]
