"""after-holiday: tests in the first `days` school days after a holiday of `min_length` days.

Advice on performance pressure and most reglementen: no tests straight after a holiday, so that
pupils are not made to study through their holiday. A break is a run of days without school,
its weekends included, so a holiday ending on a Friday also ends with the weekend after it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, count, fmt_date
from planner.rules.base import Context, Rule, Setup, finish, single, what

_T = catalogue(
    __name__,
    {
        "title": {
            "nl": "Geen toetsen vlak na een vakantie",
            "en": "No tests right after a holiday",
        },
        "message": {
            "nl": "{what} op {day} valt in de eerste {days} na {name}",
            "en": "{what} on {day} falls in the first {days} after {name}",
        },
        "holiday": {"nl": "vakantie", "en": "holiday"},
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    # A test week the school planned right after a holiday is its own decision, not a finding.
    rows = ctx.rows[ctx.rows["is_test"] & ctx.rows["sidx"].notna() & ~ctx.rows["in_test_week"]]
    rows = setup.with_settings(rows)
    cal = ctx.calendar
    parts = []
    for min_length in rows["min_length"].unique().tolist():
        part = rows[rows["min_length"] == min_length]
        breaks = cal.holiday_breaks(int(min_length))
        if breaks.empty:
            continue
        first = cal.index_on_or_after(breaks["end"] + pd.Timedelta(days=1))
        breaks = breaks.assign(first=first.astype("float64"))
        part = pd.merge_asof(
            part.sort_values("day"),
            breaks[["end", "first", "name", "length"]].rename(columns={"end": "break_end"}),
            left_on="day",
            right_on="break_end",
            direction="backward",
        )
        part["nth"] = part["sidx"] - part["first"] + 1
        parts.append(part[(part["nth"] >= 1) & (part["nth"] <= part["days"])])
    hits = pd.concat(parts, ignore_index=True) if parts else rows.iloc[0:0]
    hits = single(hits, hits.get("nth", 0.0), hits["days"])

    lang = ctx.lang
    text, holiday = _T["message"][lang], _T["holiday"][lang]

    def message(r: dict[str, Any]) -> str:
        day = fmt_date(r["day"], lang)
        days = count(r["limit"], "day", lang)
        return text.format(what=what(r), day=day, days=days, name=r["name"] or holiday)

    return finish(hits, RULE, message)


RULE = Rule.of(
    "after-holiday",
    evaluate=evaluate,
    title=_T["title"],
)
