"""Benchmark the reports on the large school and print one JSON line with the timings.

The school of bench_check.py (2,000 pupils, 80 groups, about 25,000 assessments, ~39,000
findings with the per-pupil ones). Timed, best of --repeat: gathering the report (check
excluded: it is bench_check's), the Excel conflict report, the PDF meeting report without and
with one page per group, the iCal export of the whole plan, and the findings and plan CSV.

    .venv/bin/python bench/bench_reports.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
from pathlib import Path
from typing import Any

from bench_check import best_of, make_school

from planner import check, load_config, read_members, read_plan
from planner.exporters.report import make_report
from planner.exporters.to_csv import findings_csv, plan_csv
from planner.exporters.to_excel import excel_bytes
from planner.exporters.to_ical import ical_bytes
from planner.exporters.to_pdf import pdf_bytes

MADE = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plan_file, members_file, school, _ = make_school(Path(tmp))
        config = load_config(school)
        plan = read_plan([plan_file], config)
        members, _ = read_members(members_file)
        result = check(plan, config, members=members)

    def report() -> Any:
        made = make_report(
            plan, config, title="Benchmarkcollege", made=MADE, members=members, result=result
        )
        # what the exporters share is computed once, as in `planner report`
        _ = made.grid, made.figures, made.worst_weeks, made.open_per_group, made.pupil_weeks
        return made

    t_report, gathered = best_of(args.repeat, report)
    figures: dict[str, Any] = {"report_s": round(t_report, 3)}
    timed = {
        "excel": lambda: excel_bytes(gathered),
        "pdf": lambda: pdf_bytes(gathered),
        "pdf_per_group": lambda: pdf_bytes(gathered, per_group=True),
        "ical": lambda: ical_bytes(plan, config, name="Benchmarkcollege"),
        "findings_csv": lambda: findings_csv(gathered.findings).encode("utf-8-sig"),
        "plan_csv": lambda: plan_csv(plan.assessments).encode("utf-8-sig"),
    }
    for name, fn in timed.items():
        seconds, data = best_of(args.repeat, fn)
        figures[f"{name}_s"] = round(seconds, 3)
        figures[f"{name}_kb"] = round(len(data) / 1024)
    print(
        json.dumps(
            {
                "benchmark": "reports",
                "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
                f"{platform.python_version()}",
                "assessments": len(plan.assessments),
                "findings": len(result.frame),
                **figures,
                "targets_s": {"excel": 3.0, "pdf": 5.0, "ical": 2.0},
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
        )
    )


if __name__ == "__main__":
    main()
