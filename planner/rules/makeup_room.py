"""makeup-room: room to make up a missed test.

A pupil who is ill must be able to make a test up within `days` school days. When the school
plans make-up moments (calendar.makeup_days), every test of a group that has such moments needs
one within `days` school days after it; groups without any planned moments make tests up in
class and are not checked for this. Always: a test in the last `days` school days of the period
leaves no time to make it up before the period ends.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import catalogue, count, fmt_date
from planner.rules.base import Context, Rule, Setup, finish, single, what

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Ruimte om in te halen", "en": "Room to make up a test"},
        "end": {
            "nl": "{what} op {day} ligt in de laatste {days}: geen tijd om in te halen",
            "en": "{what} on {day} is in the last {days}: no time to make it up",
        },
        "makeup": {
            "nl": "{what} op {day}: geen inhaalmoment binnen {days}",
            "en": "{what} on {day}: no make-up moment within {days}",
        },
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    cal = ctx.calendar
    rows = setup.with_settings(ctx.rows[ctx.rows["is_test"] & ctx.rows["sidx"].notna()])
    n_days = len(cal.school_days)
    rows["left"] = n_days - 1 - rows["sidx"]
    at_end = rows["left"] < rows["days"]
    end_hits = rows[at_end].assign(reason="end")
    end_hits["value"] = end_hits["left"]

    makeup = cal.makeup_days(setup.groups["group"])
    rest = rows[~at_end & rows["group"].isin(makeup["group"])]
    if not rest.empty:
        makeup["next"] = cal.school_index(makeup["date"])
        found = pd.merge_asof(
            rest.sort_values("sidx"),
            makeup[["group", "next"]].sort_values("next"),
            left_on="sidx",
            right_on="next",
            by="group",
            direction="forward",
            allow_exact_matches=False,
        )
        found["value"] = (found["next"] - found["sidx"]).fillna(found["left"])
        no_room = found["next"].isna() | (found["value"] > found["days"])
        gap_hits = found[no_room].assign(reason="makeup")
    else:
        gap_hits = rows.iloc[0:0].assign(reason="makeup", value=np.nan)
    hits = pd.concat([end_hits, gap_hits], ignore_index=True)
    hits = single(hits, hits["value"], hits["days"])

    lang = ctx.lang
    end_text, makeup_text = _T["end"][lang], _T["makeup"][lang]

    def message(r: dict[str, Any]) -> str:
        text = end_text if r["reason"] == "end" else makeup_text
        days = count(r["limit"], "day", lang)
        return text.format(what=what(r), day=fmt_date(r["day"], lang), days=days)

    return finish(hits, RULE, message)


RULE = Rule.of(
    "makeup-room",
    evaluate=evaluate,
    title=_T["title"],
)
