"""Why a day is closed to a test: what breaks an error-level limit if it went there, with the
other tests where they are, or with only the tests that can never move (a proof that no move
can use that day). The explanations of what is left (explain.py) are built on these."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from planner.suggest.costs import SEVERITY_WEIGHT, Limits
from planner.suggest.model import Model

Cause = tuple[str, int, str]  # (what closes the day, entity, its limit or rule)


def fixed(model: Model) -> Model:
    """The model with only the tests that can never move (locked, or no day to go to):
    what closes a day in it closes it whatever the search does."""
    shadow = copy.copy(model)
    shadow.position = np.where(model.movable, -1, model.position)
    shadow.rebuild()
    return shadow


def causes(model: Model, i: int) -> list[Cause | None]:
    """Per candidate day of test i: why it cannot go there without a new error, with the
    other tests where they are in the model (what, entity, limit or rule), or None."""
    days = model.candidates[i]
    g, w = int(model.group[i]), model.weight[i]
    ents = model.sees[g]
    own = model.own_cost(np.full(len(days), i), days)
    d1 = int(model.position[i])
    w1 = int(model.week_of[d1]) if d1 >= 0 else -1
    out: list[Cause | None] = []
    for k, d in enumerate(days.tolist()):
        found: Cause | None = None
        if own[k] >= SEVERITY_WEIGHT["error"]:
            found = ("rule", g, model.day_error_rule.get((g, d), "notice-period"))
        elif model.is_test[i] and model.subject_days.get((g, model.subject[i], d), 0) > 0:
            found = ("subject", g, model.subject[i])
        elif model.in_tw[i]:
            busy = model.twbusy[ents, d] + (model.twcount[g, d] == 0)
            found = _over(model, "tw_load", ents, model.tw[ents, d] + 1, busy, model.tw_load)
        else:
            busy = model.busy[ents, d] + (model.count[g, d] == 0)
            found = _over(model, "day_load", ents, model.load[ents, d] + w, busy, model.day_load)
            if found is None and model.heavy[i]:
                heavy = model.heavy_n[ents, d] + 1
                found = _over(model, "day_heavy", ents, heavy, busy, model.day_heavy)
            wt = int(model.week_of[d])
            if found is None and wt != w1:
                busy = model.wbusy[ents, wt] + (model.wcount[g, wt] == 0)
                load = model.wload[ents, wt] + w
                found = _over(model, "week_load", ents, load, busy, model.week_load)
        out.append(found)
    return out


def breaks_alone(model: Model, rule: str, g: int, d: int) -> bool:
    """Whether group g's tests on school day d (their week, for a week's rule) break the
    rule's limit at error level in the model (on `fixed(model)`: even if all else moved)."""
    ents = np.array([g])
    if rule == "tests-per-day":
        cols = (model.load[ents, d], model.heavy_n[ents, d], model.busy[ents, d])
        limits, heavy = model.day_load, model.day_heavy
    elif rule == "test-week-load":
        cols = (model.tw[ents, d], None, model.twbusy[ents, d])
        limits, heavy = model.tw_load, None
    elif rule == "tests-per-week":
        w = int(model.week_of[d])
        cols = (model.wload[ents, w], None, model.wbusy[ents, w])
        limits, heavy = model.week_load, None
    else:
        return False
    load, heavy_n, busy = (None if c is None else c[:, None] for c in cols)
    assert load is not None and busy is not None
    broken, _ = model.judge(ents, load, heavy_n, busy, limits, heavy)
    return bool(broken[0, 0] and limits.error[g])


def span(model: Model, i: int) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day test i may go to (its window, or its test week)."""
    if model.in_tw[i]:
        days = model.test_weeks.get((int(model.group[i]), model.tw_name[i]))
        if days is None or not days.size:
            return None
        return model.days[int(days[0])], model.days[int(days[-1])]
    if model.past(i):
        return None
    first, last = model.window(i)
    return (model.days[first], model.days[last]) if first <= last else None


def _over(
    model: Model, what: str, ents: np.ndarray, load: np.ndarray, busy: np.ndarray, limits: Limits
) -> Cause | None:
    """The first entity whose load (with its groups `busy`) breaks its limit at error level,
    judged as the search judges a cell, as a cause."""
    broken, _ = model.judge(ents, load[:, None], None, busy[:, None], limits)
    hit = broken[:, 0] & limits.error[ents]
    if not hit.any():
        return None
    k = int(np.flatnonzero(hit)[0])
    return (what, int(ents[k]), f"{limits.limit[ents[k]]:g}")
