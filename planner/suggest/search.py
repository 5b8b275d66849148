"""The whole-plan repair: a search over single-test moves, then the real rules' last word."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd

from planner.check import CheckResult, check
from planner.config import SchoolConfig
from planner.diff import unmatched_findings
from planner.i18n import check_lang
from planner.lessons import Lessons
from planner.model import Plan
from planner.suggest.explain import explain, with_reasons
from planner.suggest.model import Model
from planner.suggest.moves import Move, Options, Repair, apply_moves


def search(model: Model, seconds: float, seed: int, max_steps: int | None = None) -> None:
    """Simulated annealing over single-test moves, from the tests in broken cells; leaves the
    model at the best positions found, then takes back every move that is not needed."""
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    deadline = start + 0.85 * seconds  # the rest is for tidying up
    best_cost = 0.0  # relative to the start
    cost = 0.0
    best = model.position.copy()
    hot = model.hot()
    temperature, cooling = 2.0, 0.999
    steps = accepted = stale = 0
    while hot.size and time.perf_counter() < deadline:
        if max_steps is not None and steps >= max_steps:
            break
        steps += 1
        i = int(hot[rng.integers(hot.size)])
        targets = model.options_of(i)
        if targets.size == 0:
            hot = hot[hot != i]
            continue
        delta = model.deltas(i, targets)
        low = delta.min()
        if not np.isfinite(low):
            hot = hot[hot != i]
            continue
        choices = np.flatnonzero(delta <= low + 1e-9)
        k = int(choices[rng.integers(choices.size)])
        if low < -1e-9 or rng.random() < math.exp(-low / max(temperature, 1e-6)):
            model.move(i, int(targets[k]))
            cost += float(low)
            if cost < best_cost - 1e-9:
                best_cost, best = cost, model.position.copy()
                stale = 0
            accepted += 1
        stale += 1
        if stale > 1000 + 10 * hot.size:
            break  # long without a better plan: what is left is out of reach
        temperature *= cooling
        # which tests are hot is worth recomputing only now and then (it costs ~100 deltas)
        if accepted >= 20 or steps % 200 == 0:
            hot, accepted = model.hot(), 0
    model.position = best
    model.rebuild()
    _tidy(model, start + seconds)


def _tidy(model: Model, deadline: float) -> None:
    """Per moved test: back to its own day, or to the best day, when that costs nothing."""
    changed, passes = True, 0
    while changed and passes < 20:  # each pass lowers the cost; 20 is far more than needed
        changed, passes = False, passes + 1
        if time.perf_counter() > deadline:
            break
        for i in model.moved().tolist():
            targets = model.options_of(i)
            if targets.size == 0:
                continue
            delta = model.deltas(i, targets)
            k = int(np.argmin(delta))
            if delta[k] < -1e-9:
                model.move(i, int(targets[k]))
                changed = True


def as_move(model: Model, table: pd.DataFrame, i: int, day: int) -> Move:
    """Test i (of the model) to school day `day`; `table` is the plan indexed by id."""
    row = table.loc[model.ids[i]].to_dict()
    return Move(
        id=model.ids[i],
        group=str(row["group"]),
        subject=str(row["subject"]),
        kind=str(row["kind"]),
        title=str(row["title"] or ""),
        before=pd.Timestamp(row["date"]).date(),
        after=model.days[day].date(),
    )


def _moves_of(model: Model, plan: Plan) -> list[Move]:
    table = plan.assessments.set_index("id")
    return [as_move(model, table, i, int(model.position[i])) for i in model.moved().tolist()]


def entity_keys(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """Per finding whose it is: ('g', group) or ('p', pupil)."""
    return [
        ("p", p) if isinstance(p, str) else ("g", g)
        for g, p in zip(frame["group"], frame["pupil"], strict=True)
    ]


def entity_errors(frame: pd.DataFrame) -> pd.Series:
    """Errors per group and per pupil: ('g', group) / ('p', pupil) -> count."""
    errors = frame[frame["severity"] == "error"]
    keys = entity_keys(errors)
    return (
        pd.Series(1, index=pd.Index(keys, tupleize_cols=False), dtype="int64")
        .groupby(level=0)
        .sum()
    )


def repair(
    plan: Plan,
    config: SchoolConfig,
    *,
    members: pd.DataFrame | None = None,
    lessons: Lessons | None = None,
    options: Options | None = None,
    seconds: float = 5.0,
    seed: int = 0,
    lang: str | None = None,
    before: CheckResult | None = None,
    steps: int | None = None,
) -> Repair:
    """Moves that remove as many errors and warnings as possible, moving as few tests as
    little as possible; never a locked test, never a day the calendar or the lesson timetable
    rules out, and never more errors for any group or pupil than before.

    The same seed gives the same moves when the search ends before `seconds` run out: when
    every broken limit is repaired or out of reach, or after `steps` tries (set it for a result
    that does not depend on the machine's speed)."""
    started = time.perf_counter()
    language = check_lang(lang or config.language)
    options = options or Options()
    before = before or check(plan, config, members=members, lang=language)
    model = Model(plan, config, members, lessons, options)
    # the time left, less what checking the result takes (about a check or two)
    budget = max(0.0, seconds * 0.9 - 0.5 - (time.perf_counter() - started))
    search(model, budget, seed, steps)
    moves = _moves_of(model, plan)
    # The real rules have the last word: drop moves until no group or pupil is worse off.
    old_errors = entity_errors(before.frame)
    for _ in range(len(moves) + 1):
        moved = apply_moves(plan, moves)
        after = check(moved, config, members=members, lang=language)
        new_errors = entity_errors(after.frame)
        worse = new_errors.sub(old_errors.reindex(new_errors.index, fill_value=0)) > 0
        if not worse.any():
            break
        moves = _without_worst(moves, worse[worse].index.tolist(), before, after, members)
    moves = with_reasons(moves, before.frame, after.frame, language)
    index = {test: i for i, test in enumerate(model.ids)}
    model.put({index[m.id]: int(model.days.searchsorted(pd.Timestamp(m.after))) for m in moves})
    unrepairable, left = explain(model, after.frame, language)
    return Repair(
        moves, before, after, moved, unrepairable, left, time.perf_counter() - started, seed
    )


def _without_worst(
    moves: list[Move],
    entities: list[tuple[str, str]],
    before: CheckResult,
    after: CheckResult,
    members: pd.DataFrame | None,
) -> list[Move]:
    """The moves minus those behind the new errors of the entities that got more errors: the
    moved tests in those errors; when none is, the moves of those entities' groups."""
    _, came = unmatched_findings(before.frame, after.frame)
    new = after.frame[came & (after.frame["severity"] == "error")]
    keys = entity_keys(new)
    worse = set(entities)
    tests = {t for key, ids in zip(keys, new["assessments"], strict=True) if key in worse
             for t in ids}  # fmt: skip
    keep = [m for m in moves if m.id not in tests]
    if len(keep) < len(moves):
        return keep
    groups = {g.casefold() for kind, g in entities if kind == "g"}
    pupils = {p for kind, p in entities if kind == "p"}
    if pupils and members is not None:
        mine = members[members["pupil"].astype("str").isin(pupils)]
        groups |= set(mine["group"].astype("str").str.casefold())
    keep = [m for m in moves if m.group.casefold() not in groups]
    return keep if len(keep) < len(moves) else moves[:-1]
