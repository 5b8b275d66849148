"""peak-week: a week whose test load is above `factor` times the group's median week.

Within every limit a week can still stand out: "week 11 has twice the usual load". The median
is taken over the weeks in which the group (or pupil) has tests, test-week days left out.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import fmt_num, fmt_week, who
from planner.load import entity_rows
from planner.model import Severity
from planner.rules.base import (
    Context,
    Param,
    Rule,
    Setup,
    applicable,
    attach_details,
    entity_limits,
    finish,
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[ctx.rows["is_test"] & ~ctx.rows["in_test_week"]]
    per_group, per_combo = entity_limits(ctx, setup, ["factor"])
    rows = applicable(rows, per_group, ["week", "test_weight"])
    found = []
    for kind, limits in (("group", per_group), ("combo", per_combo)):
        if limits is None or rows.empty:
            continue
        expanded = entity_rows(rows, ctx.members, kind)
        weeks = expanded.groupby(["entity", "week"], as_index=False).agg(
            load=("test_weight", "sum"), ngroups=("group", "nunique")
        )
        weeks = weeks[weeks["load"] > 0]
        weeks["median"] = weeks.groupby("entity")["load"].transform("median")
        weeks = weeks.merge(limits.rename(columns={"group": "entity", "combo": "entity"}))
        weeks["limit"] = weeks["factor"] * weeks["median"]
        hits = weeks[weeks["load"] > weeks["limit"] + 1e-9]
        if kind == "combo":
            hits = hits[hits["ngroups"] >= 2]
        if not hits.empty:
            found.append(attach_details(hits, expanded, ["week"], ctx.members, kind))
    if not found:
        return finish(pd.DataFrame(), RULE, str)
    hits = pd.concat(found, ignore_index=True)
    hits["value"] = hits["load"]

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        subject = who(r["group"], r["pupil"], lang)
        week = fmt_week(r["start"], lang)
        load, median = fmt_num(r["load"], lang), fmt_num(r["median"], lang)
        factor = fmt_num(r["factor"], lang)
        if lang == "nl":
            return (
                f"{subject} heeft in {week} een piek: toetsbelasting {load}, "
                f"meer dan {factor} x de gewone week ({median})"
            )
        return (
            f"{subject} has a peak in {week}: test load {load}, "
            f"more than {factor} x a usual week ({median})"
        )

    return finish(hits, RULE, message)


RULE = Rule(
    id="peak-week",
    severity=Severity.INFO,
    params=(Param("factor", 1.5),),
    evaluate=evaluate,
    title={"nl": "Piekweek", "en": "Peak week"},
)
