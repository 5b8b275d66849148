"""non-school-day: an assessment on a weekend, a public or school holiday, or a day off.

Pupils cannot sit a test on a day without school; such a row is almost always a typing error or a
date that was not moved when the holidays were fixed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, fmt_date
from planner.rules.base import Context, Rule, Setup, finish, single, what

_T = catalogue(
    __name__,
    {
        "title": {
            "nl": "Toets of huiswerk op een dag zonder school",
            "en": "Assessment on a day without school",
        },
        "message": {
            "nl": "{what} op {day} valt niet op een schooldag ({reason})",
            "en": "{what} on {day} is not on a school day ({reason})",
        },
        "outside": {"nl": "buiten de schoolperiode", "en": "outside the school period"},
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = setup.with_settings(ctx.rows)
    hits = rows[rows["sidx"].isna()].copy()
    cal = ctx.calendar
    start, end = pd.Timestamp(cal.start), pd.Timestamp(cal.end)
    lang = ctx.lang
    text, outside = _T["message"][lang], _T["outside"][lang]

    def reason(day: pd.Timestamp) -> str:
        if day < start or day > end:
            return outside
        name = cal.holiday_name(day.date())
        if name:
            return name
        return "weekend"

    hits["reason"] = [reason(d) for d in hits["day"]]
    hits = single(hits, 1.0, float("nan"))

    def message(r: dict[str, Any]) -> str:
        day = fmt_date(r["day"], lang, year=True)
        return text.format(what=what(r), day=day, reason=r["reason"])

    return finish(hits, RULE, message)


RULE = Rule.of(
    "non-school-day",
    evaluate=evaluate,
    title=_T["title"],
)
