"""The lesson timetable: on which weekdays a group has a subject, so a test moves to a lesson day.

Not the test-week timetable (planner.testweek): this one is the school's weekly timetable of
lessons, read by planner.importers.lessons and stored per plan, and used by the suggestions
(planner.suggest) so that a test only moves to a day on which its group has that subject.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

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


# The plan is evidence of a pair's lesson days only when there is enough of it: so many dated
# items of that subject for that group (distinct school weekdays' dates) on at least so many
# weekdays. One lone quiz on a Saturday says nothing about when the lessons are.
EVIDENCE_DATES = 3
EVIDENCE_WEEKDAYS = 2


def lesson_days(
    plan: Plan, lessons: Lessons | None = None
) -> dict[tuple[str, str], frozenset[int]]:
    """Per (group, subject), case-folded, the weekdays (0 = Monday) a test of it may be on: the
    lesson timetable's for every pair it knows; else, where the plan has enough evidence (at
    least EVIDENCE_DATES dates Monday to Friday with a test or homework of that subject for that
    group, on at least EVIDENCE_WEEKDAYS weekdays), those weekdays. A pair not in the result
    may go on any school day. The one rule for the suggestions and the Plan-a-test page."""
    table = plan.assessments
    dates = pd.DataFrame(
        {
            "group": table["group"].astype("str").str.casefold(),
            "subject": table["subject"].astype("str").str.casefold(),
            "date": table["date"].dt.normalize(),
        }
    ).drop_duplicates()
    dates = dates[dates["date"].dt.day_of_week < 5]
    dates["weekday"] = dates["date"].dt.day_of_week
    days: dict[tuple[str, str], frozenset[int]] = {}
    for (group, subject), part in dates.groupby(["group", "subject"], sort=False):
        weekdays = frozenset(int(d) for d in part["weekday"].unique())
        if len(part) >= EVIDENCE_DATES and len(weekdays) >= EVIDENCE_WEEKDAYS:
            days[(str(group), str(subject))] = weekdays
    if lessons is not None:
        days.update({key: known for key, known in lessons.days.items() if known})
    return days


def weekdays_of(
    days: Mapping[tuple[str, str], frozenset[int]], groups: Iterable[str], subject: str
) -> frozenset[int] | None:
    """The lesson weekdays of `subject` for any of `groups` (from `lesson_days`), or None when
    none of them is known."""
    found = [days.get((g.casefold(), subject.casefold())) for g in groups]
    known = [d for d in found if d is not None]
    return frozenset().union(*known) if known else None


__all__ = ["Lessons", "lesson_days", "weekday_number", "weekdays_of"]
