"""Benchmark the dashboard in a real browser and print one JSON line with the timings.

`streamlit run` on a free port, Debian's chromium driven by Playwright (tests/browser.py).
Timed, best of --repeat: from navigation to the overview fully rendered (key figures and the
heatmap drawn, the script finished) for the sample school and for the benchmark school of
bench_check.py (2,000 pupils, about 25,000 assessments) in the store; and on the Edit page,
from moving a test to the re-checked findings and their difference on screen; on Plan a test,
from the last choice of the test to its calendar of verdicts, and from choosing a day to its
reasons on screen.

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

import pandas as pd

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import browser  # type: ignore[import-not-found]  # noqa: E402
from bench_check import make_school  # noqa: E402
from conftest import SAMPLE_PLAN, fill_sample_store  # type: ignore[import-not-found]  # noqa: E402

from planner.importers import read_file, read_members  # noqa: E402
from planner.storage import Store  # noqa: E402

CHART = "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
EDIT_MOVE = "Een toets verplaatsen"
SETTLE_PAUSE = 0.25  # browser.settled waits this long for a rerun to start; not page time


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
        times.append(time.perf_counter() - t0 - SETTLE_PAUSE)
        page.close()
    context.close()
    return times[0], min(times[1:])


def time_edit(chrome: Any, url: str, store_path: Path, plan: str, repeat: int) -> float:
    """On the Edit page: move a test with the move form, time from the click to the updated
    findings on screen (the re-check of the draft and its difference drawn)."""
    with Store(str(store_path)) as store:
        table = store.load(plan).plan.assessments
    # tests the editor's first rows show (it shows the plan by date, at most 2,000 rows)
    shown = table.sort_values(["date", "group", "subject", "id"]).head(500)
    tests = shown[shown["kind"] == "proefwerk"].drop_duplicates("group").head(repeat + 1)
    context = chrome.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/edit")
    page.wait_for_selector("h1", timeout=120_000)
    browser.settled(page, timeout=120_000)
    page.get_by_text(EDIT_MOVE).click()
    browser.settled(page)
    best = float("inf")
    for n, (_, test) in enumerate(tests.iterrows(), start=1):
        browser.choose(page, "Toets", str(test["id"]))
        day = pd.Timestamp(test["date"]) + pd.Timedelta(days=1)
        browser.type_date(page, "Naar", day.date(), delay=30)
        page.get_by_text("Hetzelfde als een datum").click()
        browser.settled(page)
        t0 = time.perf_counter()
        page.get_by_role("button", name="Verplaatsen").click()
        # the draft now holds n moves, re-checked, with its difference drawn
        page.wait_for_selector(f"text={n} toets(en) gewijzigd", timeout=120_000)
        browser.settled(page, timeout=120_000)
        best = min(best, time.perf_counter() - t0 - SETTLE_PAUSE)
    context.close()
    return best


def time_plan_test(
    chrome: Any, url: str, group: str, subject: str, monday: dt.date, repeat: int
) -> tuple[float, float]:
    """On Plan a test: (best time from the last choice of the test, the subject or one more
    week, to the calendar of verdicts on screen; best time from choosing a day to its reasons
    on screen)."""
    context = chrome.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/plan_test")
    page.wait_for_selector("h1", timeout=120_000)
    browser.settled(page, timeout=120_000)
    page.get_by_label("Groepen of clusters", exact=True).click()
    page.keyboard.type(group, delay=30)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    browser.settled(page)
    browser.type_date(page, "Vanaf de week van", monday, delay=30)
    page.get_by_text("Toets inplannen", exact=True).first.click()
    browser.settled(page)
    page.get_by_label("Vak", exact=True).click()
    page.keyboard.type(subject, delay=30)
    option = page.get_by_role("option").filter(has_text=subject).first
    t0 = time.perf_counter()
    option.click()
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=120_000)
    browser.settled(page, timeout=120_000)
    verdicts = [time.perf_counter() - t0 - SETTLE_PAUSE]
    for _ in range(repeat):  # one more week each time: a new answer, not a remembered one
        t0 = time.perf_counter()
        page.locator("[data-testid='stNumberInputStepUp']").first.click()
        browser.settled(page, timeout=120_000)
        verdicts.append(time.perf_counter() - t0 - SETTLE_PAUSE)
    reasons = []
    labels = page.get_by_role("option")
    for n in range(repeat):
        page.get_by_label("Beste dagen eerst", exact=True).click()
        labels = page.get_by_role("option")
        target = labels.nth(n + 1)
        text = target.inner_text().split(":")[0][2:]  # `✓ do 5 feb: past` -> `do 5 feb`
        t0 = time.perf_counter()
        target.click()
        page.wait_for_selector(f"h3:has-text('{text}')", timeout=120_000)
        browser.settled(page, timeout=120_000)
        reasons.append(time.perf_counter() - t0 - SETTLE_PAUSE)
    context.close()
    return min(verdicts), min(reasons)


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
                    plan = SAMPLE_PLAN if name == "sample" else "Benchmarkcollege"
                    edit = time_edit(chrome, url, db, plan, args.repeat)
                    figures[f"edit_to_findings_{name}_s"] = round(edit, 3)
                    group, monday = ("4v.bio", dt.date(2026, 2, 2))
                    if name == "big":
                        group, monday = ("5.biol1", dt.date(2026, 3, 2))
                    shown, why = time_plan_test(chrome, url, group, "biologie", monday, args.repeat)
                    figures[f"plan_test_verdicts_{name}_s"] = round(shown, 3)
                    figures[f"plan_test_day_reasons_{name}_s"] = round(why, 3)
    print(
        json.dumps(
            {
                "benchmark": "dashboard",
                "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
                f"{platform.python_version()}",
                "sample_plan": SAMPLE_PLAN,
                **figures,
                "targets_s": {
                    "overview_big": 3.0,
                    "overview_sample": 2.0,
                    "edit_to_findings": 1.0,
                    "plan_test_day_reasons": 1.0,
                },
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
        )
    )


if __name__ == "__main__":
    main()
