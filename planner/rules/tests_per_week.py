"""tests-per-week: weighted test load per group or pupil per ISO week, test-week days left out.

A week limit catches the slow pile-up that no day limit sees: five days with one test each.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, count, fmt_num, fmt_week, who
from planner.rules.base import Context, Rule, Setup, finish, over_limit

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Toetsen per week", "en": "Tests per week"},
        "message": {
            "nl": "{subject} heeft in {week} {tests} (max {limit}): {items}",
            "en": "{subject} has {tests} in {week} (max {limit}): {items}",
        },
        # after the number of tests when they weigh more or less than one each
        "load": {"nl": ", belasting {load}", "en": ", load {load}"},
    },
)


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

    lang = ctx.lang
    text, weighed = _T["message"][lang], _T["load"][lang]

    def message(r: dict[str, Any]) -> str:
        tests = count(r["tests"], "test", lang)
        if r["load"] != r["tests"]:
            tests += weighed.format(load=fmt_num(r["load"], lang))
        return text.format(
            subject=who(r["group"], r["pupil"], lang),
            week=fmt_week(r["start"], lang),
            tests=tests,
            limit=fmt_num(r["limit"], lang),
            items=r["items"],
        )

    return finish(hits, RULE, message)


RULE = Rule.of(
    "tests-per-week",
    evaluate=evaluate,
    title=_T["title"],
)
