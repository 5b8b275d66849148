"""The Toronto examination timetabling benchmark: all 13 instances with the same settings, and
a table of our cost against the best known (../shared/bench/toronto/BEST_KNOWN.csv).

    .venv/bin/python bench/bench_toronto.py [--seconds 60] [--seed 0] [--only car-s-91,...]

One process, one instance after another (the targets are for one process on this 2-core
machine). Every timetable is checked for clashes and its cost recomputed from the files.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
from pathlib import Path

from planner.timetable import read_toronto, solve

TORONTO = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "toronto"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument("--data", type=Path, default=TORONTO)
    args = parser.parse_args()
    with open(args.data / "BEST_KNOWN.csv", newline="") as handle:
        known = {row["instance"]: row for row in csv.DictReader(handle)}
    names = [n for n in known if not args.only or n in args.only.split(",")]
    print(f"{'instance':10} {'ours':>9} {'best':>9} {'gap %':>7} {'clashes':>7} {'s':>6}")
    rows = []
    for name in names:
        instance = read_toronto(args.data / name)
        done = solve(instance, seconds=args.seconds, seed=args.seed)
        best = float(known[name]["best_known"])
        gap = 100.0 * (done.cost - best) / best
        print(
            f"{name:10} {done.cost:9.3f} {best:9.2f} {gap:7.2f} {done.clashes:7d} "
            f"{done.seconds:6.1f}",
            flush=True,
        )
        rows.append(
            {"instance": name, "cost": round(done.cost, 4), "best_known": best,
             "gap_percent": round(gap, 2), "clashes": done.clashes,
             "seconds": round(done.seconds, 1), "moves": done.steps}
        )  # fmt: skip
    machine = f"{os.cpu_count()} cores, {platform.python_implementation()} "
    machine += platform.python_version()
    figures = {"benchmark": "toronto", "machine": machine, "seconds_per_instance": args.seconds}
    print(json.dumps({**figures, "seed": args.seed, "rows": rows}))


if __name__ == "__main__":
    main()
