"""after-test-week: tests in the first `days` school days after the group's test week.

Recovery time: after a week of tests pupils get a few days without new ones.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import count, fmt_date
from planner.model import Severity
from planner.rules.base import Context, Param, Rule, Setup, finish, single, what


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[ctx.rows["is_test"] & ctx.rows["sidx"].notna() & ~ctx.rows["in_test_week"]]
    rows = setup.with_settings(rows)
    spans = ctx.calendar.test_week_spans(setup.groups["group"])
    hits = rows.merge(spans.rename(columns={"test_week": "week_name"}), on="group")
    hits["nth"] = hits["sidx"] - hits["last"]
    hits = hits[(hits["nth"] >= 1) & (hits["nth"] <= hits["days"])]
    hits = single(hits, hits["nth"], hits["days"])

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        day = fmt_date(r["day"], lang)
        days = count(r["limit"], "day", lang)
        if lang == "nl":
            return f"{what(r)} op {day} valt in de {days} herstel na {r['week_name']}"
        return f"{what(r)} on {day} falls in the {days} of recovery after {r['week_name']}"

    return finish(hits, RULE, message)


RULE = Rule(
    id="after-test-week",
    severity=Severity.ERROR,
    params=(Param("days", 3, integer=True),),
    evaluate=evaluate,
    title={"nl": "Hersteltijd na de toetsweek", "en": "Recovery after the test week"},
)
