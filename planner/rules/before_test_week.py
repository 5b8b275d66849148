"""before-test-week: tests in the `days` school days before the group's test week.

The quiet period: pupils prepare for the test week instead of sitting other tests.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import count, fmt_date
from planner.rules.base import Context, Rule, Setup, finish, near_test_week, what


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    hits = near_test_week(ctx, setup, "before")

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        day = fmt_date(r["day"], lang)
        days = count(r["limit"], "day", lang)
        if lang == "nl":
            return f"{what(r)} op {day} valt in de {days} rust vóór {r['week_name']}"
        return f"{what(r)} on {day} falls in the quiet {days} before {r['week_name']}"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "before-test-week",
    evaluate=evaluate,
    title={"nl": "Rust vóór de toetsweek", "en": "Quiet period before the test week"},
)
