"""duplicate: the same group, subject, kind and date more than once.

Usually the same test entered twice (two exports merged, or a copy-paste), which would count
twice in every load figure.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import fmt_date
from planner.rules.base import Context, Rule, Setup, finish, what


def evaluate(ctx: Context, setup: Setup) -> pd.DataFrame:
    rows = setup.with_settings(ctx.rows)
    # "Wiskunde" and "wiskunde" are the same subject when the same test is entered twice.
    rows["subject_key"] = rows["subject"].str.strip().str.casefold()
    keys = ["group", "subject_key", "kind", "day"]
    rows = rows[rows.duplicated(keys, keep=False)]
    hits = (
        rows.sort_values("id")
        .groupby(keys, as_index=False, sort=False)
        .agg(
            assessments=("id", tuple),
            value=("id", "size"),
            subject=("subject", "first"),
            severity=("severity", "first"),
            reference=("reference", "first"),
        )
    )
    hits = hits[hits["value"] > 1]
    hits = hits.assign(start=hits["day"], end=hits["day"], limit=1.0, pupil=None)

    def message(r: dict[str, Any]) -> str:
        lang = ctx.lang
        day = fmt_date(r["day"], lang)
        n = int(r["value"])
        if lang == "nl":
            return f"{what(r)} staat {n} keer op {day}"
        return f"{what(r)} is planned {n} times on {day}"

    return finish(hits, RULE, message)


RULE = Rule.of(
    "duplicate",
    evaluate=evaluate,
    title={"nl": "Dubbel ingevoerd", "en": "Entered twice"},
)
