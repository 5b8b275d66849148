"""Benchmark the team store on the benchmark school and print one JSON line with the timings.

The school of bench_check.py (2,000 pupils, 80 groups, about 25,000 assessments with homework)
arrives as 50 teacher files of about 500 rows. Timed: uploading the whole plan as one file,
uploading it as the 50 files, re-uploading one 500-row file with 50 tests moved, loading the
plan from the store, the full check per group and per pupil of what was loaded, and the same
after a re-upload with `Store.refresh` (only the rows written since are read) and `recheck`
(only the groups whose rows changed, and their pupils, are checked again; the result equals the
full check), for a file of years 1-3 and for a file that also holds upper-year clusters. The
target (issue 4): the re-upload plus the load and check of the whole plan in under 1 s.

    .venv/bin/python bench/bench_store.py [--repeat 5] [--db URL]

Without --db, a SQLite file in a temporary folder; give a postgresql+psycopg:// URL to an
empty database to measure PostgreSQL.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import tempfile
import time
from pathlib import Path

import pandas as pd
from bench_check import best_of, make_school

from planner import check, load_config, read_members
from planner.check import CheckResult, recheck
from planner.config import SchoolConfig
from planner.importers import read_file
from planner.storage import Store, StoredPlan

FILE_ROWS = 500


@dataclasses.dataclass
class Session:
    """What a dashboard keeps between two uploads: the plan it showed and its check."""

    stored: StoredPlan
    result: CheckResult | None = None


def split_into_sources(plan_csv: Path, folder: Path) -> list[Path]:
    """The plan as teachers deliver it: one file per ~500 rows of a section's groups."""
    frame = pd.read_csv(plan_csv, sep=";", dtype="str", keep_default_na=False)
    frame = frame.sort_values(["vak", "klas"], kind="stable").reset_index(drop=True)
    paths = []
    for n, start in enumerate(range(0, len(frame), FILE_ROWS)):
        path = folder / f"sectie-{n + 1:02d}.csv"
        frame.iloc[start : start + FILE_ROWS].to_csv(path, sep=";", index=False)
        paths.append(path)
    return paths


def moved_version(path: Path, folder: Path) -> Path:
    """The same file with every tenth row a week later: a teacher's corrected plan."""
    frame = pd.read_csv(path, sep=";", dtype="str", keep_default_na=False)
    days = pd.to_datetime(frame["datum"], format="%d-%m-%Y")
    later = days + pd.Timedelta(days=7)
    frame.loc[::10, "datum"] = later[::10].dt.strftime("%d-%m-%Y")
    out = folder / "moved" / path.name
    out.parent.mkdir(exist_ok=True)
    frame.to_csv(out, sep=";", index=False)
    return out


def groups_of(path: Path) -> set[str]:
    return set(pd.read_csv(path, sep=";", dtype="str", usecols=["klas"])["klas"])


def reupload_figures(
    store: Store, source: Path, config: SchoolConfig, folder: Path, repeat: int
) -> dict[str, object]:
    """Re-upload one source (its rows moved and back, in turn) and check the whole plan:
    with a full load and check, and the dashboard's way, refresh and recheck."""
    versions = [read_file(source, config)[0], read_file(moved_version(source, folder), config)[0]]
    flip = iter(range(10**6))

    def reupload() -> None:
        table = versions[(next(flip) + 1) % 2]
        store.upload("school", table, file_name=source.name, person="teacher")

    t_reupload, _ = best_of(repeat, reupload)

    def reupload_and_check() -> CheckResult:
        reupload()
        fresh = store.load("school")
        return check(fresh.plan, fresh.config, members=fresh.members)

    t_round, _ = best_of(repeat, reupload_and_check)
    last = Session(store.load("school"))
    last.result = check(last.stored.plan, last.stored.config, members=last.stored.members)

    def reupload_and_recheck() -> CheckResult:
        reupload()
        fresh = store.refresh(last.stored)
        assert last.result is not None
        last.result = recheck(
            last.result, last.stored.plan, fresh.plan, fresh.config, members=fresh.members
        )
        last.stored = fresh
        return last.result

    t_fast, fast = best_of(repeat, reupload_and_recheck)
    full = check(last.stored.plan, last.stored.config, members=last.stored.members)
    return {
        "file": source.name,
        "rows": len(versions[0]),
        "groups": len(groups_of(source)),
        "reupload_s": round(t_reupload, 4),
        "reupload_load_check_s": round(t_round, 4),
        "reupload_refresh_recheck_s": round(t_fast, 4),
        "recheck_equals_full_check": bool(fast.frame.equals(full.frame)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="A database URL (default: a temporary SQLite file).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan_csv, members_csv, school, n_pupils = make_school(folder)
        config = load_config(school)
        toml = school.read_text(encoding="utf-8")
        sources = split_into_sources(plan_csv, folder)
        tables = [read_file(p, config) for p in sources]
        whole, _ = read_file(plan_csv, config)
        members, _ = read_members(members_csv)
        url = args.db or str(folder / "store.db")
        with Store(url) as store:
            counter = iter(range(10**6))

            def upload_whole() -> None:
                name = f"whole-{next(counter)}"
                store.create_plan(name, person="bench", config_toml=toml)
                store.upload(name, whole, file_name="plan.csv", person="bench")

            t_whole, _ = best_of(args.repeat, upload_whole)

            store.create_plan("school", person="bench", config_toml=toml)
            store.upload_members("school", members, file_name="members.csv", person="bench")
            t0 = time.perf_counter()
            for path, (table, _) in zip(sources, tables, strict=True):
                store.upload("school", table, file_name=path.name, person="bench")
            t_sources = time.perf_counter() - t0

            t_load, stored = best_of(args.repeat, lambda: store.load("school"))

            def full_check() -> CheckResult:
                return check(stored.plan, stored.config, members=stored.members)

            t_check, result = best_of(args.repeat, full_check)
            lower = next(p for p in sources if all(g[0] in "123" for g in groups_of(p)))
            mixed = sources[len(sources) // 2]
            figures = {
                "mixed": reupload_figures(store, mixed, config, folder, args.repeat),
                "years_1_3": reupload_figures(store, lower, config, folder, args.repeat),
            }
            size = Path(url).stat().st_size if "://" not in url else None
    print(
        json.dumps(
            {
                "benchmark": "store",
                "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
                f"{platform.python_version()}",
                "database": "postgresql" if "postgresql" in url else "sqlite",
                "assessments": len(stored.plan.assessments),
                "pupils": n_pupils,
                "source_files": len(sources),
                "findings": len(result.findings),
                "upload_whole_plan_s": round(t_whole, 4),
                "upload_50_sources_s": round(t_sources, 4),
                "load_plan_s": round(t_load, 4),
                "check_groups_and_pupils_s": round(t_check, 4),
                "reupload_one_source": figures,
                "target_s": 1.0,
                "database_mb": round(size / 1e6, 1) if size else None,
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
        )
    )


if __name__ == "__main__":
    main()
