"""Where a new test fits: `planner.fit` on the school of bench_check.py (2,000 pupils, 80
groups, about 25,000 assessments) over 8 weeks, for one cluster and for a parallel test of 4
classes; beside it, one full check with the test added (what a check per day would cost 40
times) and how many days agree with that check (a sample of days).

    .venv/bin/python bench/bench_fit.py [--repeat 3] [--verify 4]

Prints one JSON line. Target: under 0.5 s for each case on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import tempfile
from pathlib import Path

from bench_check import best_of, make_school

from planner import check, load_config, read_members, read_plan
from planner.fit import TEST_ID, Proposal, fit, resolve, school_week_days, with_test

CASES = {
    "cluster": Proposal(("5.biol1",), "biologie", "PW"),
    "four_classes": Proposal(("2A", "2B", "2C", "2D"), "wiskunde", "PW"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--verify", type=int, default=4, help="days compared with a full check")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    plan_path, members_path, school, pupils = make_school(folder)
    config = load_config(school)
    plan = read_plan([plan_path], config)
    members, _ = read_members(members_path)
    days = school_week_days(dt.date(2026, 3, 2), 8)
    out: dict[str, object] = {
        "benchmark": "fit",
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "assessments": len(plan.assessments),
        "pupils": pupils,
        "days": len(days),
    }
    for name, proposal in CASES.items():
        proposal = resolve(proposal, plan, config, members)
        seconds, result = best_of(
            args.repeat, functools.partial(fit, plan, config, proposal, days, members=members)
        )
        verdicts: dict[str, int] = {}
        for day in result:
            verdicts[day.verdict] = verdicts.get(day.verdict, 0) + 1
        agree = 0
        check_seconds = 0.0
        sample = result[:: max(1, len(result) // max(1, args.verify))][: args.verify]
        ids = {TEST_ID.format(group=g) for g in proposal.groups}
        for day in sample:
            added = with_test(plan, proposal, day.date, config)
            one, full = best_of(1, functools.partial(check, added, config, members=members))
            check_seconds = max(check_seconds, one)
            frame = full.frame
            mine = frame[[bool(ids & set(map(str, a))) for a in frame["assessments"]]]
            agree += sorted(mine["message"]) == sorted(day.findings["message"])
        out[name] = {
            "groups": list(proposal.groups),
            "seconds": round(seconds, 3),
            "one_full_check_seconds": round(check_seconds, 3),
            "verdicts": verdicts,
            "days_agreeing_with_check": f"{agree}/{len(sample)}",
        }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
