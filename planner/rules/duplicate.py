"""duplicate: the same group, subject, kind and date more than once.

Usually the same test entered twice (two exports merged, or a copy-paste), which would count
twice in every load figure.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planner.i18n import catalogue, fmt_date
from planner.rules.base import Context, Rule, Setup, finish, what

_T = catalogue(
    __name__,
    {
        "title": {"nl": "Dubbel ingevoerd", "en": "Entered twice"},
        "message": {
            "nl": "{what} staat {n} keer op {day}",
            "en": "{what} is planned {n} times on {day}",
        },
    },
)


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

    lang = ctx.lang
    text = _T["message"][lang]

    def message(r: dict[str, Any]) -> str:
        return text.format(what=what(r), n=int(r["value"]), day=fmt_date(r["day"], lang))

    return finish(hits, RULE, message)


RULE = Rule.of(
    "duplicate",
    evaluate=evaluate,
    title=_T["title"],
)
