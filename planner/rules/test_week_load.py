"""test-week-load: tests per group or pupil per day inside the group's test week.

In a test week pupils sit several tests, but the reglement still caps them per day (typically
two), so that a pupil is not examined from the first to the last hour.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import count, fmt_date, fmt_num, who
from planner.rules.base import Context, Rule, Setup, finish, over_limit


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[ctx.rows["is_test"] & ctx.rows["in_test_week"]]
    hits = over_limit(
        ctx,
        setup,
        rows,
        ["day"],
        {"tests": ("is_test", "sum", "max")},
    )
    if hits.empty:
        return finish(hits, RULE, str)
    hits["value"] = hits["tests"]
    hits["limit"] = hits["limit_tests"]

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        day = fmt_date(r["day"], lang)
        subject = who(r["group"], r["pupil"], lang)
        tests = count(r["tests"], "test", lang)
        limit = fmt_num(r["limit"], lang)
        if lang == "nl":
            return (
                f"{subject} heeft in {r['week_name']} op {day} {tests} (max {limit}): {r['items']}"
            )
        return f"{subject} has {tests} on {day} in {r['week_name']} (max {limit}): {r['items']}"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "test-week-load",
    evaluate=evaluate,
    title={"nl": "Toetsen per dag in de toetsweek", "en": "Tests per day in the test week"},
)
