"""Where the tests of one finding could go instead: the candidate days, best first."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from planner.check import check
from planner.config import SchoolConfig
from planner.i18n import check_lang
from planner.lessons import Lessons
from planner.model import Plan
from planner.suggest.explain import with_reasons
from planner.suggest.model import Model
from planner.suggest.moves import Candidate, Options, apply_moves
from planner.suggest.search import as_move, entity_errors


def candidates(
    plan: Plan,
    config: SchoolConfig,
    tests: Collection[str],
    *,
    members: pd.DataFrame | None = None,
    lessons: Lessons | None = None,
    options: Options | None = None,
    lang: str | None = None,
    limit: int = 10,
    verify: bool = True,
) -> list[Candidate]:
    """Where the tests of one finding (`tests`: its assessment ids) could go instead: per
    movable test the days that lower the plan's cost without a new error anywhere, best first
    (fewest findings left, least added load, closest, the teacher's tests not stacked)."""
    language = check_lang(lang or config.language)
    options = options or Options()
    model = Model(plan, config, members, lessons, options)
    index = {test: i for i, test in enumerate(model.ids)}
    ranked: list[tuple[tuple[float, ...], int, int]] = []
    for test in tests:
        i = index.get(test)
        if i is None or model.locked[i]:
            continue
        targets = model.candidates[i]
        if targets.size == 0:
            continue
        delta = model.deltas(i, targets)
        for k in np.flatnonzero(np.isfinite(delta) & (delta < 0)).tolist():
            d = int(targets[k])
            g = int(model.group[i])
            load = float(model.load[g, d] + model.weight[i])
            teacher = model.teacher[i]
            stacked = sum(
                1 for j in np.flatnonzero(model.position == d).tolist()
                if teacher and model.teacher[j] == teacher
            )  # fmt: skip
            distance = abs(d - int(model.anchor[i]))
            ranked.append(((float(delta[k]), load, distance, stacked), i, d))
    ranked.sort(key=lambda r: r[0])
    before = check(plan, config, members=members, lang=language) if verify else None
    out: list[Candidate] = []
    table = plan.assessments.set_index("id")
    for key, i, d in ranked:
        added, steps, stacked = key[1], int(key[2]), int(key[3])
        if len(out) >= limit:
            break
        move = as_move(model, table, i, d)
        errors = warnings = -1
        if before is not None:
            after = check(apply_moves(plan, [move]), config, members=members, lang=language)
            worse = entity_errors(after.frame).sub(entity_errors(before.frame), fill_value=0)
            if (worse > 0).any():
                continue  # the rules see a new error the model did not: not a candidate
            move = with_reasons([move], before.frame, after.frame, language)[0]
            errors, warnings = after.summary["errors"], after.summary["warnings"]
        out.append(
            Candidate(model.ids[i], model.days[d].date(), errors, warnings, added,
                      int(steps), int(stacked), move)
        )  # fmt: skip
    return out
