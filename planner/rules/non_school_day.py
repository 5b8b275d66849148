"""non-school-day: an assessment on a weekend, a public or school holiday, or a day off.

Pupils cannot sit a test on a day without school; such a row is almost always a typing error or a
date that was not moved when the holidays were fixed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import fmt_date
from planner.rules.base import Context, Rule, Setup, finish, single, what


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = setup.with_settings(ctx.rows)
    hits = rows[rows["sidx"].isna()].copy()
    cal = ctx.calendar
    start, end = pd.Timestamp(cal.start), pd.Timestamp(cal.end)

    def reason(day: pd.Timestamp) -> str:
        if day < start or day > end:
            return "buiten de schoolperiode" if ctx.lang == "nl" else "outside the school period"
        name = cal.holiday_name(day.date())
        if name:
            return name
        return "weekend"

    hits["reason"] = [reason(d) for d in hits["day"]]
    hits = single(hits, 1.0, float("nan"))

    def message(r: dict[str, Any]) -> str:
        day = fmt_date(r["day"], ctx.lang, year=True)
        if ctx.lang == "nl":
            return f"{what(r)} op {day} valt niet op een schooldag ({r['reason']})"
        return f"{what(r)} on {day} is not on a school day ({r['reason']})"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "non-school-day",
    evaluate=evaluate,
    title={
        "nl": "Toets of huiswerk op een dag zonder school",
        "en": "Assessment on a day without school",
    },
)
