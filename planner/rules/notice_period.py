"""notice-period: a test announced less than `days` calendar days before it.

Pupils can only spread their study time over tests they know about. Only rows that say when
they were announced (`announced`) are checked.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, fmt_date, fmt_num, forms, plural
from planner.rules.base import Context, Rule, Setup, finish, single, what

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Op tijd aangekondigd", "en": "Announced in time"},
        "message": {
            "nl": "{what} op {day} is pas op {told} aangekondigd: {ahead} van tevoren "
            "(minimaal {limit})",
            "en": "{what} on {day} was announced on {told}: {ahead} ahead (at least {limit})",
        },
        # calendar days, not school days
        "day.one": {"nl": "dag", "en": "day"},
        "day.many": {"nl": "dagen", "en": "days"},
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = setup.with_settings(ctx.rows[ctx.rows["is_test"] & ctx.rows["announced"].notna()])
    notice = (rows["day"] - rows["announced"].dt.normalize()).dt.days
    hits = rows[notice < rows["days"]]
    hits = single(hits, notice[notice < rows["days"]].astype("float64"), hits["days"])

    lang = ctx.lang
    text, days = _T["message"][lang], forms(_T, "day", lang)

    def message(r: dict[str, Any]) -> str:
        return text.format(
            what=what(r),
            day=fmt_date(r["day"], lang),
            told=fmt_date(r["announced"], lang),
            ahead=plural(r["value"], *days, lang),
            limit=fmt_num(r["limit"]),
        )

    return finish(hits, RULE, message)


RULE = Rule.of(
    "notice-period",
    evaluate=evaluate,
    title=_T["title"],
)
