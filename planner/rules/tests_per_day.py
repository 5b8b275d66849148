"""tests-per-day: weighted test load and heavy tests per group or pupil per school day.

The core of every toetsreglement ("at most 2 tests a day, of which at most 1 proefwerk").
Test-week days are left out: they have their own limit (test-week-load).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import count, fmt_date, fmt_num, who
from planner.rules.base import Context, Rule, Setup, finish, over_limit


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    # Only school days: a test on a Saturday is the non-school-day rule's finding.
    rows = ctx.rows[ctx.rows["is_test"] & ~ctx.rows["in_test_week"] & ctx.rows["sidx"].notna()]
    hits = over_limit(
        ctx,
        setup,
        rows,
        ["day"],
        {
            "load": ("test_weight", "sum", "max"),
            "heavy": ("is_heavy", "sum", "max_heavy"),
            "tests": ("is_test", "sum", None),
        },
    )
    if hits.empty:
        return finish(hits, RULE, str)
    over_load = hits["load"] > hits["limit_load"] + 1e-9
    hits["value"] = hits["load"].where(over_load, hits["heavy"])
    hits["limit"] = hits["limit_load"].where(over_load, hits["limit_heavy"])

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        day = fmt_date(r["day"], lang)
        subject = who(r["group"], r["pupil"], lang)
        parts = []  # (count, detail, limit): "4 toetsen", ", belasting 2,5", "(max 2)"
        if r["load"] > r["limit_load"] + 1e-9:
            extra = ""
            if r["load"] != r["tests"]:
                word = "belasting" if lang == "nl" else "load"
                extra = f", {word} {fmt_num(r['load'], lang)}"
            limit = f"(max {fmt_num(r['limit_load'], lang)})"
            parts.append((count(r["tests"], "test", lang), extra, limit))
        if r["heavy"] > r["limit_heavy"]:
            limit = f"(max {fmt_num(r['limit_heavy'])})"
            parts.append((count(r["heavy"], "heavy", lang), "", limit))
        if lang == "nl":
            what = "; ".join(f"{n}{x} {m}" for n, x, m in parts)
            return f"{subject} heeft op {day} {what}: {r['items']}"
        # English puts the day after the first count: "2A has 3 tests on Tue 10 Mar (max 2)".
        (n, x, m), *rest = parts
        what = "; ".join([f"{n} on {day}{x} {m}", *(f"{n}{x} {m}" for n, x, m in rest)])
        return f"{subject} has {what}: {r['items']}"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "tests-per-day",
    evaluate=evaluate,
    title={"nl": "Toetsen per dag", "en": "Tests per day"},
)
