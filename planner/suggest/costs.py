"""What the suggestions minimise: the weights, a rule's limits per entity, runs of test days."""

from __future__ import annotations

import dataclasses

import numpy as np

from planner.config import SchoolConfig
from planner.rules import REGISTRY
from planner.rules.base import Setup

# What the search minimises. An error outweighs any number of moves a repair could need for
# it, a warning outweighs one move; infos are left alone. A combination's cell counts once per
# pupil in it, as the check reports a finding per pupil.
SEVERITY_WEIGHT = {"error": 100.0, "warning": 10.0, "info": 0.0}
MOVE_COST = 3.0  # moving a test at all
STEP_COST = 0.25  # per school day it moves
# An error where there was none at the start (a limit broken at error level in a cell that held,
# a test on a day that is an error by itself): the check refuses any group or pupil more
# errors, so the search never takes one, not even to solve others.
NEW_ERROR_WEIGHT = 150.0
EXCESS_WEIGHT = 1.0  # per unit of load above a limit: "less over" is better, even if still over
# Rules whose days a test is never moved into (the quiet periods).
QUIET_RULES = ("after-holiday", "after-test-week", "before-test-week")
# Rules that judge a test by its day alone: their cost is added to the day's cost for the test.
DAY_RULES = (*QUIET_RULES, "makeup-room")


@dataclasses.dataclass
class Limits:
    """Per entity (groups, then combinations): a rule's limit and what breaking it costs."""

    limit: np.ndarray
    weight: np.ndarray  # severity weight x pupils (1 for a group)
    error: np.ndarray  # whether breaking it is an error

    @staticmethod
    def build(
        rule: str,
        param: str,
        config: SchoolConfig,
        groups: list[str],
        combos: list[list[int]],
        sizes: np.ndarray,
    ) -> Limits:
        setup = Setup.build(REGISTRY[rule], config.rules[rule], groups).groups
        settings = {str(r["group"]): r for r in setup.to_dict("records")}
        limit = np.full(len(groups), np.inf)
        weight = np.zeros(len(groups))
        rank = np.zeros(len(groups))
        for gi, group in enumerate(groups):
            if group in settings:
                limit[gi] = float(settings[group][param])
                weight[gi] = SEVERITY_WEIGHT[str(settings[group]["severity"])]
                rank[gi] = weight[gi]
        # a combination: its groups' strictest limit and most serious severity
        c_limit = np.array([min((limit[g] for g in c), default=np.inf) for c in combos])
        c_weight = np.array([max((rank[g] for g in c), default=0.0) for c in combos])
        severity = np.concatenate([weight, c_weight])
        return Limits(
            np.concatenate([limit, c_limit]),
            np.concatenate([weight, c_weight * sizes]),
            severity >= SEVERITY_WEIGHT["error"],
        )


def _run_bounds(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of True per row: (row, first, past-the-end) of each."""
    padded = np.zeros((rows.shape[0], rows.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = rows
    step = np.diff(padded, axis=1)
    starts, ends = np.argwhere(step == 1), np.argwhere(step == -1)
    return starts[:, 0], starts[:, 1], ends[:, 1]


def runs_over(rows: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Per row: how many runs of True are longer than that row's limit."""
    row, first, end = _run_bounds(rows)
    over = (end - first) > limits[row]
    result: np.ndarray = np.bincount(row, weights=over, minlength=rows.shape[0])
    return result


def run_lengths(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per cell: the length of the run of True that ends there, and of the one that starts
    there (0 on a False cell)."""
    n = rows.shape[1]
    at = np.arange(n)
    last_false = np.maximum.accumulate(np.where(rows, -1, at), axis=1)
    ending = at - last_false
    reverse = rows[:, ::-1]
    last_false_r = np.maximum.accumulate(np.where(reverse, -1, at), axis=1)
    starting = (at - last_false_r)[:, ::-1]
    return ending, starting


def in_long_runs(rows: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Which cells are in a run of True longer than their row's limit."""
    row, first, end = _run_bounds(rows)
    marked = np.zeros(rows.shape, dtype=bool)
    for r, a, b in zip(row.tolist(), first.tolist(), end.tolist(), strict=True):
        if b - a > limits[r]:
            marked[r, a:b] = True
    return marked
