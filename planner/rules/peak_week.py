"""peak-week: a week whose test load is above `factor` times the group's median week.

Within every limit a week can still stand out: "week 11 has twice the usual load". The median
is taken over the weeks in which the group (or pupil) has tests, test-week days left out.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from planner.i18n import catalogue, fmt_num, fmt_week, who
from planner.rules.base import (
    Context,
    Rule,
    Setup,
    applicable,
    attach_details,
    combo_details,
    combo_hits,
    entity_limits,
    finish,
)
from planner.workload import ComboLoad

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Piekweek", "en": "Peak week"},
        "message": {
            "nl": "{subject} heeft in {week} een piek: toetsbelasting {load}, "
            "meer dan {factor} x de gewone week ({median})",
            "en": "{subject} has a peak in {week}: test load {load}, "
            "more than {factor} x a usual week ({median})",
        },
    },
)


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = ctx.rows[ctx.rows["is_test"] & ~ctx.rows["in_test_week"]]
    per_group, per_combo = entity_limits(ctx, setup, ["factor"])
    rows = applicable(rows, per_group, ["week", "test_weight"])
    if rows.empty:
        return finish(pd.DataFrame(), RULE, str)
    found = []
    weeks = rows.groupby(["group", "week"], as_index=False).agg(load=("test_weight", "sum"))
    weeks = weeks[weeks["load"] > 0]
    weeks["median"] = weeks.groupby("group")["load"].transform("median")
    weeks = weeks.merge(per_group, on="group")
    weeks["limit"] = weeks["factor"] * weeks["median"]
    hits = weeks[weeks["load"] > weeks["limit"] + 1e-9].assign(entity=lambda f: f["group"])
    if not hits.empty:
        found.append(
            attach_details(hits, rows.assign(entity=rows["group"]), ["week"], None, "group")
        )
    if ctx.members is not None and per_combo is not None:
        load = ComboLoad.of(ctx.members, rows, "week", ["test_weight"])
        total = load.total("test_weight")
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a combination without tests
            median = np.nanmedian(np.where(total > 0, total, np.nan), axis=1)
        factor = per_combo.set_index("combo")["factor"].reindex(load.combos).to_numpy()
        limit = (factor * median)[:, None] * np.ones_like(total)
        with np.errstate(invalid="ignore"):
            broken = (total > limit + 1e-9) & (load.groups_with_rows() >= 2)
        values = {"load": total, "median": median[:, None] * np.ones_like(total), "limit": limit}
        hits = combo_hits(ctx.members, load, broken, "week", values, per_combo)
        if not hits.empty:
            found.append(combo_details(ctx.members, hits, rows, "week"))
    if not found:
        return finish(pd.DataFrame(), RULE, str)
    hits = pd.concat(found, ignore_index=True)
    hits["value"] = hits["load"]

    lang = ctx.lang
    text = _T["message"][lang]

    def message(r: dict[str, Any]) -> str:
        return text.format(
            subject=who(r["group"], r["pupil"], lang),
            week=fmt_week(r["start"], lang),
            load=fmt_num(r["load"], lang),
            factor=fmt_num(r["factor"], lang),
            median=fmt_num(r["median"], lang),
        )

    return finish(hits, RULE, message)


RULE = Rule.of(
    "peak-week",
    evaluate=evaluate,
    title=_T["title"],
)
