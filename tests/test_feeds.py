"""The pupils' calendar feeds: `planner serve` on a free port, fetched over HTTP as a calendar
app does; `planner db feed add|list|revoke`; tokens only as hashes in the store."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from planner.storage import Store, token_hash

SAMPLE = Path(__file__).parent.parent / "sample_data"
PLANNER = [sys.executable, "-m", "planner"]


def planner(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TOETSPLANNER_USER": "Anna"}
    return subprocess.run(
        [*PLANNER, *args, "--db", str(db)], capture_output=True, text=True, env=env, check=False
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [*PLANNER, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{url}/health", timeout=2) as answer,
            ):
                if answer.status == 200:
                    break
            time.sleep(0.1)
        else:
            raise AssertionError(process.stderr.read() if process.stderr else "no server")
        yield url
    finally:
        process.terminate()
        process.wait(10)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("feeds") / "t.db"
    done = planner(
        "db", "import", str(SAMPLE / "plan.csv"), "--plan", "p",
        "--school", str(SAMPLE / "school.toml"), "--members", str(SAMPLE / "members.csv"),
        db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return db


def add(db: Path, *args: str) -> str:
    done = planner("db", "feed", "add", "--plan", "p", *args, db=db)
    assert done.returncode == 0, done.stderr
    address = done.stdout.strip().splitlines()[-1].strip()
    assert address.startswith("http://localhost:8502/feeds/") and address.endswith(".ics")
    return address.rsplit("/", 1)[-1].removesuffix(".ics")


def events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_a_group_feed_holds_exactly_its_rows_and_follows_a_move(store_file: Path) -> None:
    token = add(store_file, "--group", "2a")
    with Store(str(store_file)) as store:
        table = store.load("p").plan.assessments
    ids = set(table.loc[table["group"] == "2A", "id"])
    with serving(store_file) as url:
        status, headers, body = fetch(f"{url}/feeds/{token}.ics")
        assert status == 200 and headers["content-type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(body)
        assert str(calendar["X-WR-CALNAME"]) == "Toetsen 2A"
        assert "REFRESH-INTERVAL" in calendar and "X-PUBLISHED-TTL" in calendar
        assert set(events(body)) == ids
        # a calendar app that has it gets 304, by ETag or by date
        etag = headers["etag"]
        assert fetch(f"{url}/feeds/{token}.ics", **{"If-None-Match": etag})[0] == 304
        since = headers["last-modified"]
        assert fetch(f"{url}/feeds/{token}.ics", **{"If-Modified-Since": since})[0] == 304
        # a test moved through the command line is in the very next fetch
        moved = sorted(ids)[0]
        done = planner("db", "move", moved, "2026-06-01", "--plan", "p", db=store_file)
        assert done.returncode == 0, done.stderr
        status, again, body = fetch(f"{url}/feeds/{token}.ics", **{"If-None-Match": etag})
        assert status == 200 and again["etag"] != etag
        start = events(body)[moved]["DTSTART"].dt
        assert (start.date() if isinstance(start, dt.datetime) else start) == dt.date(2026, 6, 1)


def test_a_pupil_feed_holds_their_classes_and_clusters(store_file: Path) -> None:
    with Store(str(store_file)) as store:
        stored = store.load("p")
    members = stored.members
    assert members is not None
    counts = members.groupby("pupil")["group"].nunique()
    pupil = str(counts.idxmax())  # a pupil in a class and clusters
    groups = set(members.loc[members["pupil"] == pupil, "group"])
    table = stored.plan.assessments
    kinds = stored.config.kinds
    tests = table["kind"].map(lambda k: kinds[k].test)
    wanted = set(table.loc[table["group"].isin(groups) & tests, "id"])
    token = add(store_file, "--pupil", pupil, "--tests-only")
    with serving(store_file) as url:
        status, _, body = fetch(f"{url}/feeds/{token}.ics")
    assert status == 200 and len(groups) >= 3
    assert set(events(body)) == wanted  # no homework, no other groups
    assert str(icalendar.Calendar.from_ical(body)["X-WR-CALNAME"]) == f"Toetsen leerling {pupil}"


def test_revoked_and_unknown_tokens_get_the_same_404(store_file: Path) -> None:
    token = add(store_file, "--group", "3H1")
    with serving(store_file) as url:
        assert fetch(f"{url}/feeds/{token}.ics")[0] == 200
        done = planner("db", "feed", "revoke", token, "--plan", "p", db=store_file)
        assert done.returncode == 0, done.stderr
        revoked = fetch(f"{url}/feeds/{token}.ics")
        unknown = fetch(f"{url}/feeds/{'x' * 43}.ics")
        assert revoked[0] == unknown[0] == 404 and revoked[2] == unknown[2]
        assert fetch(f"{url}/")[0] == 404 and fetch(f"{url}/feeds/")[0] == 404
    listed = planner("db", "feed", "list", "--plan", "p", "--lang", "en", db=store_file)
    line = next(x for x in listed.stdout.splitlines() if "group 3H1" in x)
    assert "made by Anna" in line and "revoked by Anna" in line
    history = planner("db", "history", "--plan", "p", "--lang", "en", db=store_file).stdout
    assert "calendar feed" in history and "revoked" in history


def test_tokens_are_kept_only_as_hashes(store_file: Path) -> None:
    token = add(store_file, "--group", "1A")
    with Store(str(store_file)) as store:
        store.engine.dispose()  # the WAL checkpointed into the file
    raw = b"".join(p.read_bytes() for p in store_file.parent.glob(store_file.name + "*"))
    assert token.encode() not in raw
    assert token_hash(token).encode() in raw
    assert len(token) >= 43  # 256 bits in URL-safe base64


def test_unknown_group_or_pupil_is_refused(store_file: Path) -> None:
    done = planner(
        "db", "feed", "add", "--plan", "p", "--group", "9Z", "--lang", "en", db=store_file
    )
    assert done.returncode == 2 and "no group '9Z'" in done.stderr
    done = planner("db", "feed", "add", "--plan", "p", "--pupil", "999999", db=store_file)
    assert done.returncode == 2
    done = planner("db", "feed", "add", "--plan", "p", db=store_file)
    assert done.returncode == 2
