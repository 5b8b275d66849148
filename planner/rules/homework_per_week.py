"""homework-per-week: homework minutes per group or pupil per ISO week."""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import count, fmt_num, fmt_week, who
from planner.rules.base import Context, Rule, Setup, finish, over_limit


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[ctx.rows["hw_minutes"] > 0]
    hits = over_limit(ctx, setup, rows, ["week"], {"minutes": ("hw_minutes", "sum", "max")})
    if hits.empty:
        return finish(hits, RULE, str)
    hits["value"] = hits["minutes"]
    hits["limit"] = hits["limit_minutes"]

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        week = fmt_week(r["start"], lang)
        subject = who(r["group"], r["pupil"], lang)
        minutes = count(r["minutes"], "minute", lang)
        limit = fmt_num(r["limit"], lang)
        if lang == "nl":
            return f"{subject} heeft in {week} {minutes} huiswerk (max {limit})"
        return f"{subject} has {minutes} of homework in {week} (max {limit})"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "homework-per-week",
    evaluate=evaluate,
    title={"nl": "Huiswerkminuten per week", "en": "Homework minutes per week"},
)
