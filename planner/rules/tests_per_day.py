"""tests-per-day: weighted test load and heavy tests per group or pupil per school day.

The core of every toetsreglement ("at most 2 tests a day, of which at most 1 proefwerk").
Test-week days are left out: they have their own limit (test-week-load).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, count, fmt_date, fmt_num, who
from planner.rules.base import Context, Rule, Setup, finish, over_limit

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Toetsen per dag", "en": "Tests per day"},
        # `first`: the first count, with the day (Dutch puts it before the count, English
        # after: "op di 10 mrt 3 toetsen (max 2)", "3 tests on Tue 10 Mar (max 2)"); `rest`:
        # "; 2 zware toetsen (max 1)" when the heavy tests are over their limit too.
        "message": {
            "nl": "{subject} heeft {first}{rest}: {items}",
            "en": "{subject} has {first}{rest}: {items}",
        },
        "first": {"nl": "op {day} {count}{load} {limit}", "en": "{count} on {day}{load} {limit}"},
        # after the number of tests when they weigh more or less than one each
        "load": {"nl": ", belasting {load}", "en": ", load {load}"},
    },
)


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

    lang = ctx.lang
    text, first, weighed = _T["message"][lang], _T["first"][lang], _T["load"][lang]

    def message(r: dict[str, Any]) -> str:
        parts = []  # (count, detail, limit): "4 toetsen", ", belasting 2,5", "(max 2)"
        if r["load"] > r["limit_load"] + 1e-9:
            extra = ""
            if r["load"] != r["tests"]:
                extra = weighed.format(load=fmt_num(r["load"], lang))
            limit = f"(max {fmt_num(r['limit_load'], lang)})"
            parts.append((count(r["tests"], "test", lang), extra, limit))
        if r["heavy"] > r["limit_heavy"]:
            limit = f"(max {fmt_num(r['limit_heavy'])})"
            parts.append((count(r["heavy"], "heavy", lang), "", limit))
        (n, x, m), *rest = parts
        day = fmt_date(r["day"], lang)
        return text.format(
            subject=who(r["group"], r["pupil"], lang),
            first=first.format(count=n, day=day, load=x, limit=m),
            rest="".join(f"; {n}{x} {m}" for n, x, m in rest),
            items=r["items"],
        )

    return finish(hits, RULE, message)


RULE = Rule.of(
    "tests-per-day",
    evaluate=evaluate,
    title=_T["title"],
)
