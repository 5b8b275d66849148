"""homework-per-week: homework minutes per group or pupil per ISO week."""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, count, fmt_num, fmt_week, who
from planner.rules.base import Context, Rule, Setup, finish, over_limit

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Huiswerkminuten per week", "en": "Homework minutes per week"},
        "message": {
            "nl": "{subject} heeft in {week} {minutes} huiswerk (max {limit})",
            "en": "{subject} has {minutes} of homework in {week} (max {limit})",
        },
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[ctx.rows["hw_minutes"] > 0]
    hits = over_limit(ctx, setup, rows, ["week"], {"minutes": ("hw_minutes", "sum", "max")})
    if hits.empty:
        return finish(hits, RULE, str)
    hits["value"] = hits["minutes"]
    hits["limit"] = hits["limit_minutes"]

    lang = ctx.lang
    text = _T["message"][lang]

    def message(r: dict[str, Any]) -> str:
        return text.format(
            subject=who(r["group"], r["pupil"], lang),
            week=fmt_week(r["start"], lang),
            minutes=count(r["minutes"], "minute", lang),
            limit=fmt_num(r["limit"], lang),
        )

    return finish(hits, RULE, message)


RULE = Rule.of(
    "homework-per-week",
    evaluate=evaluate,
    title=_T["title"],
)
