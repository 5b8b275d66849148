"""The team store under stress: writers in several processes at once, a writer killed in the
middle of its transaction, and a database of the first schema upgraded by opening it.

The writers are real processes (`python -c`, code below), not threads: SQLite's locks are
per process, and a killed thread would not show what a killed process leaves behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from conftest import make_plan

from planner.decisions import Status
from planner.errors import StorageError
from planner.storage import HEAD, MIGRATIONS, Store

PLAN = "plan"
WRITERS = 4
STEPS = 200  # writes per writer: uploads on even steps, adds on odd steps
UPLOAD_ROWS = 3
BIG_ROWS = 100_000  # far more than SQLite's page cache: the open transaction spills into the WAL

# One writer: uploads its own file (replacing its previous upload) and adds tests, in turns.
# Prints "ready" when everything is imported and built, then waits for the test's "go".
WRITER = r"""
import json
import sys
import time

import pandas as pd

from planner.config import parse_config
from planner.importers.common import finalize
from planner.storage import Store

db, p, steps, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
person = f"proc-{p}"
raw = pd.DataFrame(
    {
        "id": [f"p{p}-r{i}" for i in range(rows)],
        "date": [f"2026-03-{10 + i:02d}" for i in range(rows)],
        "group": f"U{p}",
        "subject": "wiskunde",
        "kind": "PW",
        "teacher": f"T{p}",
    }
)
table, problems = finalize(raw, f"teacher-{p}.csv", parse_config({}))
assert not problems, problems
store = Store(db)
print("ready", flush=True)
sys.stdin.readline()
done = []
for step in range(steps):
    # a breath between writes, as a teacher's clicks have: on a busy 2-core machine one
    # process could otherwise keep the write lock for most of its run
    time.sleep(0.002)
    if step % 2 == 0:
        change = store.upload(
            "plan",
            table.assign(title=f"upload {step}"),
            file_name=f"teacher-{p}.csv",
            person=person,
            content=f"{p}/{step}".encode(),
            replace="file",
        )
        added = None
    else:
        change = store.add(
            "plan",
            {"date": "2026-03-16", "group": f"K{p}", "subject": f"vak {step}", "kind": "SO"},
            person=person,
        )
        added = change.detail["edits"][0]["id"]
    done.append(
        {"step": step, "change": change.id, "action": change.action, "detail": change.detail,
         "added": added}
    )
print(json.dumps(done), flush=True)
"""

# Uploads a big table over the earlier upload of the same file. When all its rows are written
# and only the upload record and the commit are left, it says "inside" and blocks for good: the
# test kills it there, inside its write transaction.
KILLED_WRITER = r"""
import sys

import numpy as np
import pandas as pd
from sqlalchemy import event

from planner.config import parse_config
from planner.importers.common import finalize
from planner.storage import Store

db, n = sys.argv[1], int(sys.argv[2])
raw = pd.DataFrame(
    {"date": ["2026-03-10"], "group": ["4H"], "subject": ["wiskunde"], "kind": ["PW"],
     "teacher": ["JNS"]}
)
one, problems = finalize(raw, "teacher.csv", parse_config({}))
assert not problems, problems
big = one.loc[one.index.repeat(n)].reset_index(drop=True)
big["id"] = [f"b{i}" for i in range(n)]
big["row"] = np.arange(2, n + 2)
store = Store(db)


@event.listens_for(store.engine, "before_cursor_execute")
def hold(conn, cursor, statement, parameters, context, executemany):
    if statement.lstrip().upper().startswith("INSERT INTO UPLOADS"):
        print("inside", flush=True)
        sys.stdin.readline()


print("ready", flush=True)
store.upload("plan", big, file_name="teacher.csv", person="Big", content=b"big", replace="file")
print("committed", flush=True)
"""


def start(code: str, *args: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *(str(a) for a in args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: select() on stdout sees every byte the child wrote
    )


def read_line(proc: subprocess.Popen[bytes], hang: float = 300.0) -> str:
    """The child's next line; "" when it died first. `hang` only stops a hung child from
    hanging the test run: nothing is measured."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + hang
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
        if not ready:
            raise AssertionError(f"child {proc.pid} wrote no line: {data!r}")
        chunk = os.read(fd, 1)
        if not chunk:
            break
        data += chunk
    return data.decode()


def expect_line(proc: subprocess.Popen[bytes], expected: str) -> None:
    line = read_line(proc)
    if line != expected + "\n":
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"child said {line!r}, not {expected!r}:\n{err.decode()}")


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Child processes the test starts; any still running at the end are killed."""
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def rows_of(db: Path, table: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every stored value of a table, as SQLite holds it (storage class included)."""
    with sqlite3.connect(db) as conn:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        rows = cursor.fetchall()
        names = [d[0] for d in cursor.description]
    conn.close()
    return names, rows


def integrity(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


# -- many writers at once -------------------------------------------------------------------


def test_four_processes_writing_at_once_all_succeed_and_nothing_is_lost(
    tmp_path: Path, children: list[subprocess.Popen[bytes]]
) -> None:
    db = tmp_path / "team.db"
    with Store(str(db)) as store:
        store.create_plan(PLAN, person="setup")
    for p in range(WRITERS):
        children.append(start(WRITER, db, p, STEPS, UPLOAD_ROWS))
    for proc in children:
        expect_line(proc, "ready")
    for proc in children:  # all four start writing together
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")  # unbuffered: sent now
    done: dict[int, list[dict[str, Any]]] = {}
    for p, proc in enumerate(children):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        done[p] = json.loads(out)

    with Store(str(db)) as store:
        history = store.history(PLAN)
        uploads = store.uploads(PLAN)
        live = store.load(PLAN).plan.assessments

    # history: the plan's creation and every write, each once, by the process that made it
    ids = [c.id for c in history]
    assert len(ids) == WRITERS * STEPS + 1
    assert len(set(ids)) == len(ids)
    by_id = {c.id: c for c in history}
    (created,) = [c for c in history if c.action == "create"]
    assert created.person == "setup"
    assert Counter(c.person for c in history) == {
        "setup": 1,
        **{f"proc-{p}": STEPS for p in range(WRITERS)},
    }
    reported = [w["change"] for p in done for w in done[p]]
    assert sorted(reported) == sorted(i for i in ids if i != created.id)
    # The writers really ran at the same time: one after the other would switch person 3 times.
    # (SQLite lets a writer keep the lock for a while: runs of 1 to ~100 changes are normal.)
    people = [c.person for c in reversed(history)][1:]
    switches = sum(a != b for a, b in pairwise(people))
    assert switches >= 2 * WRITERS, f"the writers hardly overlapped: {switches} switches"
    for p, writes in done.items():
        assert [w["step"] for w in writes] == list(range(STEPS))
        changes = [w["change"] for w in writes]
        assert changes == sorted(changes), f"proc-{p}'s writes are out of order"
        for w in writes:
            change = by_id[w["change"]]
            assert change.person == f"proc-{p}"
            assert change.action == ("upload" if w["step"] % 2 == 0 else "add")
            assert change.detail == w["detail"]
        # each upload replaced exactly the rows of that process's previous upload
        removed = [by_id[w["change"]].detail["removed"] for w in writes if w["step"] % 2 == 0]
        assert removed == [0] + [UPLOAD_ROWS] * (STEPS // 2 - 1)

    # uploads: 100 per process, all of its own file
    assert len(uploads) == WRITERS * STEPS // 2
    for p, writes in done.items():
        mine = [u for u in uploads if u.person == f"proc-{p}"]
        assert {(u.what, u.file_name, u.replace, u.rows) for u in mine} == {
            ("plan", f"teacher-{p}.csv", "file", UPLOAD_ROWS)
        }
        assert [u.change for u in mine] == [w["change"] for w in writes if w["step"] % 2 == 0]

    # the plan: every add of every process, and each process's last upload
    adds_per_writer = STEPS // 2
    assert len(live) == WRITERS * adds_per_writer + WRITERS * UPLOAD_ROWS
    assert live["id"].is_unique
    for p, writes in done.items():
        added = [w["added"] for w in writes if w["added"] is not None]
        assert len(added) == adds_per_writer
        assert live.loc[live["source"] == f"(proc-{p})", "id"].tolist() == added
        assert live.loc[live["group"] == f"K{p}", "subject"].tolist() == [
            f"vak {s}" for s in range(1, STEPS, 2)
        ]
        uploaded = live[live["source"] == f"teacher-{p}.csv"]
        assert uploaded["id"].tolist() == [f"p{p}-r{i}" for i in range(UPLOAD_ROWS)]
        assert set(uploaded["title"]) == {f"upload {STEPS - 2}"}
    assert integrity(db) == [("ok",)]


# -- many first uploads into a plan that does not exist yet ----------------------------------

IMPORTERS = 8
IMPORT_ROWS = 5
# `planner db import` in a process of its own: imports everything, says "ready", and runs the
# command when the test says "go" (so that all of them start at the same moment).
IMPORTER = r"""
import sys

from planner.cli import main

print("ready", flush=True)
sys.stdin.readline()
main(sys.argv[1:])
"""


def test_first_imports_at_once_into_a_new_plan_all_succeed_and_make_it_once(
    tmp_path: Path, store_url: str, children: list[subprocess.Popen[bytes]]
) -> None:
    Store(store_url).close()  # the schema; the plan is what the imports race to make
    files = []
    for p in range(IMPORTERS):
        path = tmp_path / f"teacher-{p}.csv"
        lines = [
            f"2026-03-{10 + i:02d},2A,vak {p},PW,T{p},toets {p}-{i}" for i in range(IMPORT_ROWS)
        ]
        path.write_text("date,group,subject,kind,teacher,title\n" + "\n".join(lines) + "\n")
        files.append(path)
    for p, path in enumerate(files):
        args = ("db", "import", path, "--plan", "nieuw", "--db", store_url, "--by", f"proc-{p}")
        children.append(start(IMPORTER, *args))
    for proc in children:
        expect_line(proc, "ready")
    for proc in children:
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
    said = []
    for proc in children:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        said.append(out.decode())
    assert sum("plan 'nieuw' aangemaakt" in out for out in said) == 1
    for p, out in enumerate(said):
        assert f"teacher-{p}.csv: {IMPORT_ROWS} rijen opgeslagen, 0 vervangen" in out

    with Store(store_url) as store:
        live = store.load("nieuw").plan.assessments
        history = store.history("nieuw")
        assert store.plan_names() == ["nieuw"]
    assert [c.action for c in history].count("create") == 1
    assert history[-1].action == "create"
    assert sorted(c.person for c in history if c.action == "upload") == [
        f"proc-{p}" for p in range(IMPORTERS)
    ]
    for p in range(IMPORTERS):
        mine = live[live["source"] == f"teacher-{p}.csv"]
        assert sorted(mine["title"]) == [f"toets {p}-{i}" for i in range(IMPORT_ROWS)]
    assert len(live) == IMPORTERS * IMPORT_ROWS


# -- a writer killed inside its transaction -------------------------------------------------


def test_a_writer_killed_inside_its_upload_leaves_the_plan_as_it_was(
    tmp_path: Path, children: list[subprocess.Popen[bytes]]
) -> None:
    db = tmp_path / "team.db"
    earlier = make_plan(
        [
            ("2026-03-10", "4H", "wiskunde", "PW"),
            ("2026-03-11", "4H", "wiskunde", "SO"),
            ("2026-03-12", "4H", "Frans – é", "PW"),
        ],
        teacher="JNS",
    ).assessments
    with Store(str(db)) as store:
        store.create_plan(PLAN, person="Anna")
        store.upload(PLAN, earlier, file_name="teacher.csv", person="Jan", content=b"v1")
        store.move(PLAN, "a2", dt.date(2026, 3, 13), person="Piet")
        before = store.load(PLAN)
        before_history = store.history(PLAN)
        before_uploads = store.uploads(PLAN)
    _, stored_before = rows_of(db, "assessments")
    assert len(before.plan.assessments) == 3 and len(before_history) == 3

    proc = start(KILLED_WRITER, db, BIG_ROWS)
    children.append(proc)
    expect_line(proc, "ready")
    expect_line(proc, "inside")
    # The child holds the write lock: another writer cannot begin.
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            probe.execute("BEGIN IMMEDIATE")
        wal = Path(f"{db}-wal")
        assert wal.stat().st_size > 1_000_000, "the open transaction did not reach the WAL"
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        assert b"committed" not in out
        # no stale lock: a writer gets the lock at once
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
    finally:
        probe.close()

    with Store(str(db)) as store:
        after = store.load(PLAN)
        pd.testing.assert_frame_equal(after.plan.assessments, before.plan.assessments)
        assert after.plan.problems == before.plan.problems
        assert after.change == before.change
        assert store.history(PLAN) == before_history
        assert store.uploads(PLAN) == before_uploads
        assert rows_of(db, "assessments")[1] == stored_before  # no row of the killed upload
        # and the next write works (one row for three: under half, so it is asked for)
        again = make_plan([("2026-03-17", "4H", "wiskunde", "PW")], teacher="JNS").assessments
        change = store.upload(
            PLAN, again, file_name="teacher.csv", person="Jan", content=b"v2", replace_anyway=True
        )
        assert change.detail["removed"] == 3 and change.detail["added"] == 1
        assert store.load(PLAN).plan.assessments["date"].dt.strftime("%Y-%m-%d").tolist() == [
            "2026-03-17"
        ]
        assert store.history(PLAN, limit=1)[0].id == change.id
    assert integrity(db) == [("ok",)]


# -- a database of the first schema ---------------------------------------------------------

OLD_TABLES = ("plans", "changes", "uploads", "configs", "assessments", "memberships")
BOVENBOUW = "Bovenbouw 2025–2026"
WHAT_IF = "Wat als – één toetsweek"
TOML_V1 = '[school]\nname = "Lycée Ét – één"\n'
TOML_V2 = '[school]\nname = "Lycée Ét – één"\nlanguage = "en"\n'
PROBLEM = {
    "source": "wiskunde–2A.csv",
    "row": 7,
    "column": "datum",
    "value": "31-02-2026",
    "message": "geen datum – é",
}


def at(day: int, hour: int = 8) -> str:
    """A moment as SQLAlchemy stores a DateTime in SQLite."""
    return f"2025-09-{day:02d} {hour:02d}:00:00.000000"


def old_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Two plans of the first schema: an upload, members, a move and a new config in the first;
    the second a what-if copy with a delete and its undo."""
    edits = {"edits": [{"id": "a2", "before": {"date": "2026-03-11"}, "after": {}}]}
    upload = {"file": "wiskunde–2A.csv", "replace": "file", "added": 3, "removed": 0}

    def test(
        version: int,
        plan: int,
        valid: tuple[int, int | None],
        ident: str,
        date: str,
        **extra: Any,
    ) -> tuple[Any, ...]:
        row = {
            "start_time": "",
            "end_time": "",
            "period": None,
            "group_name": "2A",
            "subject": "wiskunde",
            "kind": "proefwerk",
            "weight": 2.0,
            "minutes": None,
            "title": "",
            "teacher": "Élodie",
            "notes": "",
            "announced": None,
            "locked": 0,
            "source": "wiskunde–2A.csv",
            "source_row": version + 1,
            "owner": "élodie\x1fwiskunde",
        } | extra
        return (version, plan, *valid, ident, date, *row.values())

    a1 = {"period": 3, "minutes": 45.0, "title": "H3 – breuken", "announced": "2026-02-20"}
    a3 = {"kind": "so", "weight": 1.0, "notes": "mondeling: één vraag", "locked": 1}
    return {
        "plans": [
            (1, BOVENBOUW, at(1), "Élodie", None),
            (2, WHAT_IF, at(9), "José", 1),
        ],
        "changes": [
            (1, 1, at(1), "Élodie", "create", "{}", None),
            (2, 1, at(2), "Jan", "upload", json.dumps(upload, ensure_ascii=False), None),
            (3, 1, at(3), "Zoë", "members", '{"file": "leerlingen.csv"}', None),
            (4, 1, at(4), "Jan", "move", json.dumps(edits), None),
            (5, 1, at(5), "Élodie", "config", "{}", None),
            (
                6,
                2,
                at(9),
                "José",
                "copy",
                json.dumps({"from": BOVENBOUW}, ensure_ascii=False),
                None,
            ),
            (7, 2, at(10), "José", "delete", "{}", None),
            (8, 2, at(11), "José", "undo", '{"undoes": 7}', 7),
        ],
        "uploads": [
            (1, 1, 2, "plan", "wiskunde–2A.csv", "a" * 64, "file", 3, json.dumps([PROBLEM])),
            (2, 1, 3, "members", "leerlingen.csv", "b" * 64, "file", 3, "[]"),
        ],
        "configs": [
            (1, 1, 1, 5, TOML_V1),
            (2, 1, 5, None, TOML_V2),
            (3, 2, 6, None, TOML_V2),
        ],
        "assessments": [
            test(1, 1, (2, None), "a1", "2026-03-10", **a1),
            test(2, 1, (2, 4), "a2", "2026-03-11"),
            test(3, 1, (2, None), "a3", "2026-03-12", **a3),
            test(4, 1, (4, None), "a2", "2026-03-13"),
            test(5, 2, (6, 7), "a1", "2026-03-10", **a1),
            test(6, 2, (6, None), "a3", "2026-03-12", **a3),
            test(7, 2, (6, None), "a2", "2026-03-13"),
            test(8, 2, (8, None), "a1", "2026-03-10", **a1),
        ],
        "memberships": [
            (1, 1, 3, None, "Zoë Dupré", "2A"),
            (2, 1, 3, None, "Zoë Dupré", "2A-wi"),
            (3, 1, 3, None, "Ånne", "2A"),
            (4, 2, 6, None, "Zoë Dupré", "2A"),
            (5, 2, 6, None, "Zoë Dupré", "2A-wi"),
            (6, 2, 6, None, "Ånne", "2A"),
        ],
    }


def test_a_database_of_the_first_schema_is_upgraded_and_keeps_every_row(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {*OLD_TABLES, "alembic_version"}
        for table, rows in old_rows().items():
            marks = ", ".join("?" * len(rows[0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    conn.close()
    before = {table: rows_of(db, table) for table in OLD_TABLES}
    assert {t: len(rows) for t, (_, rows) in before.items()} == {
        t: len(rows) for t, rows in old_rows().items()
    }

    with Store(str(db)) as store:
        assert store.revision() == HEAD
        assert {table: rows_of(db, table) for table in OLD_TABLES} == before

        stored = store.load(BOVENBOUW)
        assert stored.config_toml == TOML_V2
        assert (stored.config.name, stored.config.language) == ("Lycée Ét – één", "en")
        frame = stored.plan.assessments
        assert frame["id"].tolist() == ["a1", "a3", "a2"]
        assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [
            "2026-03-10",
            "2026-03-12",
            "2026-03-13",
        ]
        assert frame["title"].tolist() == ["H3 – breuken", "", ""]
        assert frame["notes"].tolist() == ["", "mondeling: één vraag", ""]
        assert frame["teacher"].tolist() == ["Élodie"] * 3
        assert frame["kind"].tolist() == ["proefwerk", "so", "proefwerk"]
        assert frame["weight"].tolist() == [2.0, 1.0, 2.0]
        assert frame["period"].tolist() == [3, pd.NA, pd.NA]
        assert frame["minutes"].isna().tolist() == [False, True, True]
        assert frame.loc[0, "minutes"] == 45.0
        assert frame["announced"].isna().tolist() == [False, True, True]
        assert frame.loc[0, "announced"] == pd.Timestamp("2026-02-20")
        assert frame["locked"].tolist() == [False, True, False]
        assert frame["source"].tolist() == ["wiskunde–2A.csv"] * 3
        assert stored.plan.problems[0].to_dict() == PROBLEM
        assert stored.members is not None
        assert list(zip(stored.members["pupil"], stored.members["group"], strict=True)) == [
            ("Zoë Dupré", "2A"),
            ("Zoë Dupré", "2A-wi"),
            ("Ånne", "2A"),
        ]
        assert stored.decisions == ()
        history = store.history(BOVENBOUW)
        assert [(c.id, c.person, c.action) for c in history] == [
            (5, "Élodie", "config"),
            (4, "Jan", "move"),
            (3, "Zoë", "members"),
            (2, "Jan", "upload"),
            (1, "Élodie", "create"),
        ]
        assert history[3].detail["file"] == "wiskunde–2A.csv"
        assert history[0].at == dt.datetime(2025, 9, 5, 8, 0)
        # the plan as it was before the move
        assert store.load(BOVENBOUW, at=3).plan.assessments["id"].tolist() == ["a1", "a2", "a3"]
        (upload, members) = store.uploads(BOVENBOUW)
        assert (upload.file_name, upload.problems[0].message) == (
            "wiskunde–2A.csv",
            "geen datum – é",
        )
        assert (members.what, members.person) == ("members", "Zoë")

        copy = store.load(WHAT_IF)
        assert copy.plan.assessments["id"].tolist() == ["a3", "a2", "a1"]
        assert [(c.id, c.undoes, c.undone_by) for c in store.history(WHAT_IF)] == [
            (8, 7, None),
            (7, None, 8),
            (6, None, None),
        ]
        assert {p.name: p.copied_from for p in store.plans()} == {
            BOVENBOUW: None,
            WHAT_IF: BOVENBOUW,
        }

        # new writes work, the table of the second schema too
        decided = store.decide(
            BOVENBOUW,
            rule="tests-per-day",
            group="2A",
            pupil=None,
            start=dt.date(2026, 3, 10),
            end=dt.date(2026, 3, 12),
            assessments=["a1", "a3"],
            status="accepted",
            note="akkoord – één",
            person="Élodie",
        )
        added = store.add(
            BOVENBOUW,
            {"date": "2026-03-16", "group": "2a", "subject": "Frans", "kind": "PW"},
            person="Zoë",
        )
        now = store.load(BOVENBOUW)
        (decision,) = now.decisions
        assert (decision.rule, decision.status, decision.note, decision.person) == (
            "tests-per-day",
            Status.ACCEPTED,
            "akkoord – één",
            "Élodie",
        )
        assert decision.assessments == ("a1", "a3")
        assert now.plan.assessments["id"].tolist() == [
            "a1",
            "a3",
            "a2",
            added.detail["edits"][0]["id"],
        ]
        assert now.plan.assessments["group"].tolist()[-1] == "2A"
        assert [c.id for c in store.history(BOVENBOUW)][:2] == [added.id, decided.id]
    # the old rows are still there, untouched, after the new writes
    grown = {"changes": 2, "assessments": 1}  # the decision and the added test
    for table, (names, rows) in before.items():
        now_names, now_rows = rows_of(db, table)
        assert now_names == names
        assert now_rows[: len(rows)] == rows
        assert len(now_rows) == len(rows) + grown.get(table, 0)
    assert integrity(db) == [("ok",)]


def test_a_database_of_a_newer_toetsplanner_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    with Store(str(db)) as store:
        store.create_plan(PLAN, person="Anna")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = {table: rows_of(db, table) for table in (*OLD_TABLES, "decisions")}
    with pytest.raises(StorageError, match="newer Toetsplanner") as refused:
        Store(str(db))
    assert "9999" in str(refused.value) and HEAD in str(refused.value)
    assert rows_of(db, "alembic_version") == (["version_num"], [("9999",)])
    assert {table: rows_of(db, table) for table in before} == before
