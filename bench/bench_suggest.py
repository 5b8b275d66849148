"""Benchmark `planner suggest` on the large school with planted overload; print one JSON line.

The school of bench_check.py (2,000 pupils, 80 groups, about 25,000 assessments with
homework). Its tests are placed at random, so it is full of errors of its own; to know how many
moves a repair needs, the benchmark first takes out every test that is in an error or in a
warning about tests (until the check finds none; homework warnings stay, as a repair moves
tests, not homework), then plants --plant overloads: each moves one test onto a day in the
same week on which its group already has a proefwerk, so that the group breaks tests-per-day
there (one plant per group and week). Each plant needs one move to repair (moving that test
back would do), and no move can repair two. Printed: errors before and after, the tests moved
against the planted number, and the seconds of the repair (check included).

A second line: the same repair on the school as generated, errors and all (about 9,000, most of
them pupils'), with --seconds-generated: the errors before and after, split into `unrepairable`
(no legal day, proven by the model) and `left` (the search did not solve them), and the
warnings before and after. Targets: left under 2% of the errors before, warnings not above
before, within 30 s. A third line: the same with homework moving too (--homework).

    .venv/bin/python bench/bench_suggest.py [--plant 100] [--seconds 10] [--seconds-generated 25]
                                            [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import tempfile
import time
from pathlib import Path

import pandas as pd
from bench_check import make_school

from planner import check, load_config, read_members, read_plan
from planner.check import prepare
from planner.model import Plan
from planner.suggest import Options, repair

HOMEWORK_RULES = ("homework-per-day", "homework-per-week")


def clean(plan: Plan, config: object, members: pd.DataFrame) -> Plan:
    """The plan without the tests that are in an error or a warning about tests, until none is
    left (homework warnings stay: a repair moves tests, not homework)."""
    table = plan.assessments
    for _ in range(10):
        result = check(Plan(table), config, members=members)  # type: ignore[arg-type]
        frame = result.frame
        about_tests = frame["severity"].isin(["error", "warning"])
        about_tests &= ~frame["rule"].isin(HOMEWORK_RULES)
        if not about_tests.any():
            break
        bad = {t for tests in frame.loc[about_tests, "assessments"] for t in tests}
        table = table[~table["id"].isin(bad)].reset_index(drop=True)
    return Plan(table)


def plant(plan: Plan, config: object, count: int, seed: int) -> tuple[Plan, int]:
    """Move `count` tests onto a day of their week where their group has a proefwerk."""
    rng = random.Random(seed)
    rows, _ = prepare(plan, config)  # type: ignore[arg-type]
    tests = rows[rows["is_test"] & ~rows["in_test_week"] & rows["sidx"].notna()]
    heavy_days = tests[tests["is_heavy"]].groupby("group")["day"].agg(set).to_dict()
    table = plan.assessments.copy()
    used: set[tuple[str, int]] = set()  # (group, week): one plant each, so none can share a move
    planted = 0
    candidates = tests[["id", "group", "subject", "day", "week", "is_heavy"]].to_dict("records")
    rng.shuffle(candidates)
    for test in candidates:
        if planted == count:
            break
        group, day, week = str(test["group"]), pd.Timestamp(test["day"]), int(test["week"])
        if (group, week) in used or not test["is_heavy"]:
            continue
        same_week = [
            d for d in heavy_days.get(group, ())
            if d.isocalendar()[:2] == day.isocalendar()[:2] and d != day
        ]  # fmt: skip
        if not same_week:
            continue
        target = rng.choice(sorted(same_week))
        same_subject = tests[
            (tests["group"] == group) & (tests["day"] == target)
            & (tests["subject"] == test["subject"])
        ]  # fmt: skip
        if not same_subject.empty:
            continue
        table.loc[table["id"] == test["id"], "date"] = pd.Timestamp(target)
        used.add((group, week))
        planted += 1
    return Plan(table), planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plant", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--seconds-generated", type=float, default=25.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plan_file, members_file, school, _ = make_school(Path(tmp))
        config = load_config(school)
        full = read_plan([plan_file], config)
        members, _ = read_members(members_file)
    base = clean(full, config, members)
    planted_plan, planted = plant(base, config, args.plant, args.seed)
    machine = f"{os.cpu_count()} cores, {platform.python_implementation()} "
    machine += platform.python_version()
    runs = (
        ("planted", planted_plan, Options()),
        ("as generated", full, Options()),
        ("as generated, homework moves too", full, Options(homework=True)),
    )
    for name, plan, options in runs:
        started = time.perf_counter()
        budget = args.seconds if name == "planted" else args.seconds_generated
        done = repair(
            plan, config, members=members, options=options, seconds=budget, seed=args.seed
        )
        seconds = time.perf_counter() - started
        before, after = done.before.summary, done.after.summary
        figures = {
            "benchmark": "suggest",
            "school": name,
            "machine": machine,
            "assessments": len(plan.assessments),
            "errors_before": before["errors"],
            "errors_after": after["errors"],
            "warnings_before": before["warnings"],
            "warnings_after": after["warnings"],
            "moved": len(done.moves),
            "unrepairable": len(done.unrepairable),
            "left": len(done.left),
            "seconds": round(seconds, 2),
        }
        if name == "planted":
            figures |= {
                "tests_taken_out_for_a_clean_base": len(full.assessments) - len(base.assessments),
                "planted": planted,
                "moved_per_planted": round(len(done.moves) / max(planted, 1), 2),
                "targets": {"errors_after": 0, "moved_per_planted": 1.2, "seconds": 10.0},
            }
        else:
            figures |= {
                "left_per_error_before": round(len(done.left) / max(before["errors"], 1), 4),
                "targets": {
                    "left_per_error_before": 0.02,
                    "warnings_after": before["warnings"],
                    "seconds": 30.0,
                },
            }
        figures["at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
