"""Hostile and damaged files through `planner check`: per case the time, the peak memory of
the largest process (the command or its reader worker) and the first line it printed.

The cases are tests/hostile.py's (the test suite runs them at --scale 1). Targets: every case
under 10 s and 1 GB, ending in one line (exit 2 when refused). Prints one JSON line per case
and a summary line.

    .venv/bin/python bench/bench_hostile.py [--scale 10] [--case NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402 - the corpus lives with the tests

PLANNER = Path(sys.executable).with_name("planner")


def run_case(case: hostile.Case, folder: Path, scale: int) -> dict[str, object]:
    path, school = hostile.write(case, folder / case.name, scale)
    command = [str(PLANNER), "check", str(path), "--lang", "en"]
    if school is not None:
        command += ["--school", str(school)]
    start = time.perf_counter()
    # Output to files, not pipes: a long report would fill a pipe while we wait for the exit.
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        process = subprocess.Popen(command, stdout=out_file, stderr=err_file)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read().decode(), err_file.read().decode()
    code = os.waitstatus_to_exitcode(status)
    text = (err.strip() or out.strip()).splitlines()
    return {
        "case": case.name,
        "bytes": path.stat().st_size,
        "expect": case.expect,
        "exit": code,
        "seconds": round(seconds, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),  # KiB: the largest process of the tree
        "lines": len(err.strip().splitlines()),
        "message": text[0][:160] if text else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--case", action="append", help="only these cases")
    args = parser.parse_args()
    cases = [c for c in hostile.CASES if not args.case or c.name in args.case]
    worst = {"seconds": 0.0, "peak_mb": 0}
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        for case in cases:
            result = run_case(case, Path(folder), args.scale)
            print(json.dumps(result), flush=True)
            worst["seconds"] = max(worst["seconds"], float(str(result["seconds"])))
            worst["peak_mb"] = max(worst["peak_mb"], int(str(result["peak_mb"])))
            (Path(folder) / case.name / case.file).unlink()
    machine = {"cpus": os.cpu_count(), "python": platform.python_version()}
    print(json.dumps({"cases": len(cases), "scale": args.scale, "worst": worst, **machine}))


if __name__ == "__main__":
    main()
