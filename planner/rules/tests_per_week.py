"""tests-per-week: weighted test load per group or pupil per ISO week, test-week days left out.

A week limit catches the slow pile-up that no day limit sees: five days with one test each.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import count, fmt_num, fmt_week, who
from planner.rules.base import Context, Rule, Setup, finish, over_limit


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[ctx.rows["is_test"] & ~ctx.rows["in_test_week"]]
    hits = over_limit(
        ctx,
        setup,
        rows,
        ["week"],
        {"load": ("test_weight", "sum", "max"), "tests": ("is_test", "sum", None)},
    )
    if hits.empty:
        return finish(hits, RULE, str)
    hits["value"] = hits["load"]
    hits["limit"] = hits["limit_load"]

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        week = fmt_week(r["start"], lang)
        subject = who(r["group"], r["pupil"], lang)
        tests = count(r["tests"], "test", lang)
        limit = fmt_num(r["limit"], lang)
        if r["load"] != r["tests"]:
            word = "belasting" if lang == "nl" else "load"
            tests = f"{tests}, {word} {fmt_num(r['load'], lang)}"
        if lang == "nl":
            return f"{subject} heeft in {week} {tests} (max {limit}): {r['items']}"
        return f"{subject} has {tests} in {week} (max {limit}): {r['items']}"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "tests-per-week",
    evaluate=evaluate,
    title={"nl": "Toetsen per week", "en": "Tests per week"},
)
