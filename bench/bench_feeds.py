"""The calendar feeds under load: `planner serve` on the school of bench_check.py (2,000 pupils,
about 25,000 assessments), 40 feeds (20 groups, 20 pupils), 1,000 requests from 8 clients at
once, half of them with the ETag they had (a calendar app's ordinary fetch: 304). Prints one
JSON line: requests per second, p50/p95 latency of a 304, of a full group feed and of a full
pupil feed, and the first fetch of a feed after a change (its calendar made). Targets (2 cores):
p95 under 50 ms for a 304 and under 150 ms for a full pupil feed.

    .venv/bin/python bench/bench_feeds.py [--requests 1000] [--clients 8]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
from bench_dashboard import fill_big_store

from planner.storage import Store, Target


def fetch(url: str, etag: str | None = None) -> tuple[int, float, str]:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()
            status, tag = answer.status, answer.headers.get("ETag", "")
    except urllib.error.HTTPError as error:
        status, tag = error.code, error.headers.get("ETag", "")
    return status, time.perf_counter() - start, tag


def percentiles(seconds: list[float]) -> dict[str, float]:
    if not seconds:
        return {}
    ms = np.array(seconds) * 1000
    return {"n": len(ms), "p50_ms": round(float(np.percentile(ms, 50)), 1),
            "p95_ms": round(float(np.percentile(ms, 95)), 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    db = folder / "feeds.db"
    plan = fill_big_store(str(db), folder)
    rng = random.Random(3)
    with Store(str(db)) as store:
        stored = store.load(plan)
        assert stored.members is not None
        groups = rng.sample(sorted(set(stored.plan.assessments["group"])), 20)
        pupils = rng.sample(sorted(set(stored.members["pupil"])), 20)
        targets: list[tuple[Target, list[str]]] = [("group", groups), ("pupil", pupils)]
        tokens = [(kind, store.add_feed(plan, kind, name, person="bench")[0])
                  for kind, names in targets for name in names]  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve", "--db", str(db), "--port", str(port)]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if fetch(f"{base}/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        first, etags = [], {}
        for _, token in tokens:  # each feed's first fetch: its calendar is made
            status, seconds, tag = fetch(f"{base}/feeds/{token}.ics")
            assert status == 200, status
            first.append(seconds)
            etags[token] = tag
        jobs = [(kind, token, rng.random() < 0.5) for kind, token in
                (rng.choice(tokens) for _ in range(args.requests))]  # fmt: skip
        times: dict[str, list[float]] = {"304": [], "group": [], "pupil": []}
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            futures = {
                pool.submit(
                    fetch, f"{base}/feeds/{token}.ics", etags[token] if tagged else None
                ): kind
                for kind, token, tagged in jobs
            }
            for future in concurrent.futures.as_completed(futures):
                status, seconds, _ = future.result()
                times["304" if status == 304 else futures[future]].append(seconds)
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(10)
    print(
        json.dumps(
            {
                "benchmark": "feeds",
                "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} "
                f"{platform.python_version()}",
                "assessments": len(stored.plan.assessments),
                "feeds": len(tokens),
                "requests": args.requests,
                "clients": args.clients,
                "requests_per_second": round(args.requests / wall, 1),
                "not_modified": percentiles(times["304"]),
                "group_feed": percentiles(times["group"]),
                "pupil_feed": percentiles(times["pupil"]),
                "first_fetch_after_a_change": percentiles(first),
                "targets_p95_ms": {"not_modified": 50, "pupil_feed": 150},
            }
        )
    )


if __name__ == "__main__":
    main()
