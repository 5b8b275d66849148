"""after-test-week: tests in the first `days` school days after the group's test week.

Recovery time: after a week of tests pupils get a few days without new ones.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import count, fmt_date
from planner.rules.base import Context, Rule, Setup, finish, near_test_week, what


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    hits = near_test_week(ctx, setup, "after")

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        day = fmt_date(r["day"], lang)
        days = count(r["limit"], "day", lang)
        if lang == "nl":
            return f"{what(r)} op {day} valt in de {days} herstel na {r['week_name']}"
        return f"{what(r)} on {day} falls in the {days} of recovery after {r['week_name']}"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "after-test-week",
    evaluate=evaluate,
    title={"nl": "Hersteltijd na de toetsweek", "en": "Recovery after the test week"},
)
