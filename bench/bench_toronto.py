"""The Toronto examination timetabling benchmark: all 13 instances with the same settings, and
a table of our cost against the best known (../shared/bench/toronto/BEST_KNOWN.csv).

    .venv/bin/python bench/bench_toronto.py [--seconds 60] [--seeds 0,1,2] [--jobs 1]
        [--only car-s-91,...]

Every run is one process solving one instance (the targets are for one process on this 2-core
machine); --jobs 2 runs two at once, one per core, which makes each a little slower (they share
the memory bus). With several seeds the table gives the best, median and worst cost per
instance. Every timetable is checked for clashes and its cost recomputed from the files.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from planner.testweek import read_toronto, solve

TORONTO = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "toronto"


def run(data: Path, name: str, seconds: float, seed: int) -> dict[str, object]:
    """One instance, one seed: the timetable's cost and clashes recomputed from the files."""
    instance = read_toronto(data / name)
    done = solve(instance, seconds=seconds, seed=seed)
    return {
        "instance": name, "seed": seed, "cost": round(instance.cost(done.slot), 4),
        "clashes": instance.clashes(done.slot), "seconds": round(done.seconds, 1),
        "moves": done.steps,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seeds", default="0", help="comma-separated seeds")
    parser.add_argument("--jobs", type=int, default=1, help="runs at once (one process each)")
    parser.add_argument("--only", default="", help="comma-separated instance names")
    parser.add_argument("--data", type=Path, default=TORONTO)
    args = parser.parse_args()
    with open(args.data / "BEST_KNOWN.csv", newline="") as handle:
        known = {row["instance"]: row for row in csv.DictReader(handle)}
    names = [n for n in known if not args.only or n in args.only.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    several = len(seeds) > 1
    head = f"{'instance':10} {'best':>9} {'ours':>9} {'gap %':>7}"
    if several:
        head += f" {'median':>9} {'gap %':>7} {'worst':>9} {'gap %':>7}"
    print(head + f" {'clashes':>7} {'s':>6}", flush=True)
    rows = []
    with ProcessPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        futures = {
            n: [pool.submit(run, args.data, n, args.seconds, s) for s in seeds] for n in names
        }
        for name in names:
            runs = [f.result() for f in futures[name]]
            best = float(known[name]["best_known"])
            costs = sorted(float(str(r["cost"])) for r in runs)
            figures = [costs[0]] + ([statistics.median(costs), costs[-1]] if several else [])
            line = f"{name:10} {best:9.2f}" + "".join(
                f" {c:9.3f} {100.0 * (c - best) / best:7.2f}" for c in figures
            )
            clashes = sum(int(str(r["clashes"])) for r in runs)
            seconds = max(float(str(r["seconds"])) for r in runs)
            print(f"{line} {clashes:7d} {seconds:6.1f}", flush=True)
            gap = round(100.0 * (costs[0] - best) / best, 2)
            rows.append({"instance": name, "best_known": best, "gap_percent": gap, "runs": runs})
    machine = f"{os.cpu_count()} cores, {platform.python_implementation()} "
    machine += platform.python_version()
    print(
        json.dumps(
            {
                "benchmark": "toronto",
                "machine": machine,
                "seconds_per_instance": args.seconds,
                "jobs": args.jobs,
                "seeds": seeds,
                "rows": rows,
            }
        )
    )


if __name__ == "__main__":
    main()
