"""homework-per-day: homework minutes per group or pupil per school day.

Minutes come from the `minutes` column of every planned item (homework, and study time a teacher
gave for a test); rows without minutes add nothing.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, count, fmt_date, fmt_num, who
from planner.rules.base import Context, Rule, Setup, finish, over_limit

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Huiswerkminuten per dag", "en": "Homework minutes per day"},
        "message": {
            "nl": "{subject} heeft op {day} {minutes} huiswerk (max {limit}): {items}",
            "en": "{subject} has {minutes} of homework on {day} (max {limit}): {items}",
        },
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[(ctx.rows["hw_minutes"] > 0) & ctx.rows["sidx"].notna()]
    hits = over_limit(ctx, setup, rows, ["day"], {"minutes": ("hw_minutes", "sum", "max")})
    if hits.empty:
        return finish(hits, RULE, str)
    hits["value"] = hits["minutes"]
    hits["limit"] = hits["limit_minutes"]

    lang = ctx.lang
    text = _T["message"][lang]

    def message(r: dict[str, Any]) -> str:
        return text.format(
            subject=who(r["group"], r["pupil"], lang),
            day=fmt_date(r["day"], lang),
            minutes=count(r["minutes"], "minute", lang),
            limit=fmt_num(r["limit"], lang),
            items=r["items"],
        )

    return finish(hits, RULE, message)


RULE = Rule.of(
    "homework-per-day",
    evaluate=evaluate,
    title=_T["title"],
)
