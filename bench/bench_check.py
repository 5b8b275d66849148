"""Benchmark `planner check` on a large school and print one JSON line with the timings.

The school: 2,000 pupils in 80 groups (classes in years 1-3, classes plus elective clusters in
years 4-6), a whole school year of about 25,000 assessments including homework, and full
memberships. Timed: pandas reading the CSV (the yardstick), our importer, and the check with
every rule per group and per pupil. Best of --repeat runs.

    .venv/bin/python bench/bench_check.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from planner import check, load_config, read_members, read_plan
from planner.check import effective_config
from planner.school_calendar import SchoolCalendar

SCHOOL_TOML = """
[school]
name = "Benchmarkcollege"
region = "midden"
[calendar]
start = 2025-09-01
end = 2026-07-17
days_off = [2025-11-14, 2026-02-13, 2026-06-05]
[[calendar.test_weeks]]
name = "Toetsweek 1"
start = 2026-01-26
end = 2026-01-30
groups = ["4*", "5*", "6*"]
[[calendar.test_weeks]]
name = "Toetsweek 2"
start = 2026-06-22
end = 2026-06-26
groups = ["4*", "5*", "6*"]
[[calendar.makeup_days]]
date = 2026-02-04
groups = ["4*", "5*", "6*"]
[[calendar.makeup_days]]
date = 2026-03-18
groups = ["4*", "5*", "6*"]
"""

SUBJECTS = [
    "Nederlands", "Engels", "wiskunde", "Frans", "Duits", "geschiedenis", "aardrijkskunde",
    "biologie", "natuurkunde", "scheikunde", "economie", "informatica", "kunst", "filosofie",
]  # fmt: skip
COMMON = SUBJECTS[:4]  # what an upper-year class has together; the rest are clusters
TESTS_PER_SUBJECT = 10  # tests a group gets per subject per year
HOMEWORK_PER_SUBJECT = 46  # homework items a group gets per subject per year


def make_school(folder: Path, seed: int = 7) -> tuple[Path, Path, Path, int]:
    """Write plan.csv, members.csv and school.toml of the benchmark school."""
    rng = random.Random(seed)
    school = folder / "school.toml"
    school.write_text(SCHOOL_TOML, encoding="utf-8")
    config = load_config(school)
    days = list(SchoolCalendar(config).school_days.date)

    # group -> the subjects taught to it
    taught: dict[str, list[str]] = {}
    members: list[tuple[str, str]] = []
    pupil = 100000
    for year in (1, 2, 3):  # 10 classes of 33 pupils, every subject in class
        for c in range(10):
            group = f"{year}{chr(65 + c)}"
            taught[group] = SUBJECTS[:12]
            for _ in range(33):
                pupil += 1
                members.append((str(pupil), group))
    for year, n_clusters in ((4, 14), (5, 14), (6, 13)):  # 3 classes + elective clusters
        classes = [f"{year}K{i}" for i in (1, 2, 3)]
        electives = SUBJECTS[len(COMMON) :]
        clusters = [f"{year}.{electives[i % len(electives)][:4]}{i // len(electives) + 1}"
                    for i in range(n_clusters)]  # fmt: skip
        for group in classes:
            taught[group] = COMMON
        for i, group in enumerate(clusters):
            taught[group] = [electives[i % len(electives)]]
        # Four profiles per year, each with its fixed clusters; pupils add two free choices.
        profiles = [rng.sample(clusters, 4) for _ in range(4)]
        for _ in range(340):
            pupil += 1
            members.append((str(pupil), rng.choice(classes)))
            chosen = rng.choice(profiles)
            free = rng.sample([c for c in clusters if c not in chosen], 2)
            members.extend((str(pupil), c) for c in chosen + free)
    assert len(taught) == 80, len(taught)

    rows = []
    for group, subjects in taught.items():
        for subject in subjects:
            for kind, n in (("PW", 6), ("SO", 3), ("PO", 1), ("HW", HOMEWORK_PER_SUBJECT)):
                if kind != "HW":
                    n = round(n * TESTS_PER_SUBJECT / 10)
                for day in rng.sample(days, n):
                    rows.append(
                        {
                            "datum": day.strftime("%d-%m-%Y"),
                            "klas": group,
                            "vak": subject,
                            "soort": kind,
                            "omschrijving": f"H{rng.randint(1, 9)}",
                            "docent": "".join(rng.choices("ABCDEFGHKLMNPRSTVW", k=3)),
                            "minuten": str(rng.choice((10, 15, 20))) if kind == "HW" else "",
                        }
                    )
    rng.shuffle(rows)
    plan = folder / "plan.csv"
    pd.DataFrame(rows).to_csv(plan, sep=";", index=False)
    members_csv = folder / "members.csv"
    pd.DataFrame(members, columns=["leerling", "klas"]).to_csv(members_csv, index=False)
    return plan, members_csv, school, len({p for p, _ in members})


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plan_csv, members_csv, school, n_pupils = make_school(Path(tmp))
        config = load_config(school)
        t_pandas, _ = best_of(args.repeat, lambda: pd.read_csv(plan_csv, sep=";"))
        t_read, plan = best_of(args.repeat, lambda: read_plan([plan_csv], config))
        t_members, (members, _) = best_of(args.repeat, lambda: read_members(members_csv))
        effective_config(plan, config)
        t_groups, by_group = best_of(args.repeat, lambda: check(plan, config))
        t_pupils, by_pupil = best_of(args.repeat, lambda: check(plan, config, members=members))
    print(
        json.dumps(
            {
                "benchmark": "check",
                "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
                f"{platform.python_version()}",
                "assessments": len(plan.assessments),
                "groups": plan.assessments["group"].nunique(),
                "pupils": n_pupils,
                "memberships": len(members),
                "findings_groups": len(by_group.findings),
                "findings_with_pupils": len(by_pupil.findings),
                "pandas_read_csv_s": round(t_pandas, 4),
                "read_plan_s": round(t_read, 4),
                "read_members_s": round(t_members, 4),
                "check_groups_s": round(t_groups, 4),
                "check_groups_and_pupils_s": round(t_pupils, 4),
                "full_check_s": round(t_read + t_members + t_pupils, 4),
                "check_vs_pandas_read": round(t_pupils / t_pandas, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
