"""notice-period: a test announced less than `days` calendar days before it.

Pupils can only spread their study time over tests they know about. Only rows that say when
they were announced (`announced`) are checked.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import fmt_date, fmt_num, plural
from planner.rules.base import Context, Rule, Setup, finish, single, what


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = setup.with_settings(ctx.rows[ctx.rows["is_test"] & ctx.rows["announced"].notna()])
    notice = (rows["day"] - rows["announced"].dt.normalize()).dt.days
    hits = rows[notice < rows["days"]]
    hits = single(hits, notice[notice < rows["days"]].astype("float64"), hits["days"])

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        day = fmt_date(r["day"], lang)
        told = fmt_date(r["announced"], lang)
        limit = fmt_num(r["limit"])
        if lang == "nl":
            ahead = plural(r["value"], "dag", "dagen", lang)
            return (
                f"{what(r)} op {day} is pas op {told} aangekondigd: "
                f"{ahead} van tevoren (minimaal {limit})"
            )
        ahead = plural(r["value"], "day", "days", lang)
        return f"{what(r)} on {day} was announced on {told}: {ahead} ahead (at least {limit})"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "notice-period",
    evaluate=evaluate,
    title={"nl": "Op tijd aangekondigd", "en": "Announced in time"},
)
