"""after-test-week: tests in the first `days` school days after the group's test week.

Recovery time: after a week of tests pupils get a few days without new ones.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, count, fmt_date
from planner.rules.base import Context, Rule, Setup, finish, near_test_week, what

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Hersteltijd na de toetsweek", "en": "Recovery after the test week"},
        "message": {
            "nl": "{what} op {day} valt in de {days} herstel na {week}",
            "en": "{what} on {day} falls in the {days} of recovery after {week}",
        },
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    hits = near_test_week(ctx, setup, "after")

    lang = ctx.lang
    text = _T["message"][lang]

    def message(r: dict[str, Any]) -> str:
        day = fmt_date(r["day"], lang)
        days = count(r["limit"], "day", lang)
        return text.format(what=what(r), day=day, days=days, week=r["week_name"])

    return finish(hits, RULE, message)


RULE = Rule.of(
    "after-test-week",
    evaluate=evaluate,
    title=_T["title"],
)
