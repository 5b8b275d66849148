"""consecutive-test-days: more than `max` school days in a row with a heavy test.

A run counts school days, so a weekend or a day off neither breaks nor extends it. Test-week
days are left out: the test week is meant to be a run of tests and has its own limit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import catalogue, count, fmt_date, fmt_num, who
from planner.rules.base import (
    Context,
    Rule,
    Setup,
    applicable,
    attach_details,
    entity_limits,
    finish,
)
from planner.workload import entity_rows

_T = catalogue(
    __name__,
    {
        "title": {
            "nl": "Zware toetsen dagen achter elkaar",
            "en": "Heavy tests on consecutive days",
        },
        "message": {
            "nl": "{subject} heeft {days} achter elkaar een zware toets, {first} t/m {last} "
            "(max {limit}): {items}",
            "en": "{subject} has a heavy test on {days} in a row, {first} to {last} "
            "(max {limit}): {items}",
        },
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[ctx.rows["is_heavy"] & ctx.rows["sidx"].notna() & ~ctx.rows["in_test_week"]]
    per_group, per_combo = entity_limits(ctx, setup, ["max"])
    rows = applicable(rows, per_group, ["sidx"])
    found = []
    for kind, limits in (("group", per_group), ("combo", per_combo)):
        if limits is None or rows.empty:
            continue
        expanded = entity_rows(rows, ctx.members, kind)
        days = expanded[["entity", "sidx"]].drop_duplicates().sort_values(["entity", "sidx"])
        # A new run starts where the entity changes or a school day is skipped.
        new = (days["entity"] != days["entity"].shift()) | (days["sidx"].diff() != 1)
        days["run"] = np.cumsum(new.to_numpy())
        runs = days.groupby(["entity", "run"], as_index=False).agg(
            length=("sidx", "size"), first=("sidx", "min"), last=("sidx", "max")
        )
        runs = runs.merge(limits.rename(columns={"group": "entity", "combo": "entity"}))
        runs = runs[runs["length"] > runs["max"]]
        if runs.empty:
            continue
        run_of = days.merge(runs[["entity", "run"]], on=["entity", "run"])
        expanded = expanded.merge(run_of, on=["entity", "sidx"])
        if kind == "combo":
            many = expanded.groupby("run")["group"].nunique()
            runs = runs[runs["run"].isin(many[many >= 2].index)]
            if runs.empty:  # every run of these pupils comes from one group: its own finding
                continue
        found.append(attach_details(runs, expanded, ["run"], ctx.members, kind))
    if not found:
        return finish(pd.DataFrame(), RULE, str)
    hits = pd.concat(found, ignore_index=True)
    hits["value"] = hits["length"]
    hits["limit"] = hits["max"]

    lang = ctx.lang
    text = _T["message"][lang]

    def message(r: dict[str, Any]) -> str:
        return text.format(
            subject=who(r["group"], r["pupil"], lang),
            days=count(r["value"], "day", lang),
            first=fmt_date(r["start"], lang),
            last=fmt_date(r["end"], lang),
            limit=fmt_num(r["limit"]),
            items=r["items"],
        )

    return finish(hits, RULE, message)


RULE = Rule.of(
    "consecutive-test-days",
    evaluate=evaluate,
    title=_T["title"],
)
