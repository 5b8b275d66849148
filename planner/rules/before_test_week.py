"""before-test-week: tests in the `days` school days before the group's test week.

The quiet period: pupils prepare for the test week instead of sitting other tests.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, count, fmt_date
from planner.rules.base import Context, Rule, Setup, finish, near_test_week, what

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Rust vóór de toetsweek", "en": "Quiet period before the test week"},
        "message": {
            "nl": "{what} op {day} valt in de {days} rust vóór {week}",
            "en": "{what} on {day} falls in the quiet {days} before {week}",
        },
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    hits = near_test_week(ctx, setup, "before")

    lang = ctx.lang
    text = _T["message"][lang]

    def message(r: dict[str, Any]) -> str:
        day = fmt_date(r["day"], lang)
        days = count(r["limit"], "day", lang)
        return text.format(what=what(r), day=day, days=days, week=r["week_name"])

    return finish(hits, RULE, message)


RULE = Rule.of(
    "before-test-week",
    evaluate=evaluate,
    title=_T["title"],
)
