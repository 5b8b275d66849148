"""Use cases: what a person does with Toetsplanner, once, for both front doors (the command
line and the dashboard's pages). A front door parses its input, calls one service and renders
the result; it never reaches into the store's internals.

    stores    open the team store (URL or environment), errors in the user's language
    deliver   files to a plan: the plan made or its rules replaced, each file one upload
    checked   a stored plan with its check and decisions; kept current; a draft's check
    changes   save edits, a what-if copy, suggested moves, a test week's timetable; decide
    reports   the report of a stored plan, compared with another plan or moment
    suggested the dates a repair suggests (bounded), for the meeting's lists and moves
"""

from __future__ import annotations

from planner.services.changes import (
    Saved,
    add_test,
    decide,
    save_edits,
    save_moves,
    week_edits,
)
from planner.services.checked import (
    Checked,
    Opener,
    check_draft,
    check_stored,
    follow,
    open_checked,
)
from planner.services.deliver import (
    Delivered,
    Delivery,
    Opened,
    Replace,
    deliver,
    open_plan,
    school_toml,
)
from planner.services.reports import comparison, report_of, stored_report
from planner.services.stores import open_store
from planner.services.suggested import Search, lessons_of, suggest, suggest_stored

__all__ = [
    "Checked",
    "Delivered",
    "Delivery",
    "Opened",
    "Opener",
    "Replace",
    "Saved",
    "Search",
    "add_test",
    "check_draft",
    "check_stored",
    "comparison",
    "decide",
    "deliver",
    "follow",
    "lessons_of",
    "open_checked",
    "open_plan",
    "open_store",
    "report_of",
    "save_edits",
    "save_moves",
    "school_toml",
    "stored_report",
    "suggest",
    "suggest_stored",
    "week_edits",
]
