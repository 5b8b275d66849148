"""`planner suggest`: text and JSON, --apply to a CSV that `planner check` reads back, and the
moves applied in the store to a what-if copy with its history; one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE_PLAN

from planner.storage import Store

SAMPLE = Path(__file__).parent.parent / "sample_data"
SOURCES = [SAMPLE / "plan.csv", "--school", SAMPLE / "school.toml"]


def run(command: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", command, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_json_lists_the_moves_and_the_findings_before_and_after(tmp_path: Path) -> None:
    moved = tmp_path / "verplaatst.csv"
    done = run(
        "suggest", *SOURCES, "--members", SAMPLE / "members.csv", "--format", "json",
        "--seconds", "20", "--apply", moved,
    )  # fmt: skip
    data = json.loads(done.stdout)
    assert data["before"]["summary"]["errors"] > 0
    errors_after = data["after"]["summary"]["errors"]
    assert done.returncode == (1 if errors_after else 0), done.stderr
    assert errors_after == len(data["unrepairable"]) + len(data["left"])
    assert len(data["unrepaired"]) == errors_after  # both, as older scripts read them
    assert data["moves"] and all(set(m) >= {"id", "from", "to", "reason"} for m in data["moves"])
    assert all(m["reason"].startswith("verplaatst") for m in data["moves"])
    # the moved plan, read back by `planner check`, has the findings the suggestion promised
    checked = run(
        "check", moved, "--school", SAMPLE / "school.toml", "--members", SAMPLE / "members.csv",
        "--format", "json",
    )  # fmt: skip
    assert json.loads(checked.stdout)["summary"]["errors"] == errors_after


LAST_WEEKS_SCHOOL = """
[school]
name = "Testschool"
region = "midden"
language = "en"

[calendar]
start = 2025-09-01
end = 2026-07-17

[rules.makeup-room]
days = 10
severity = "error"
"""


def test_the_window_back_and_today_and_unrepairable_in_json(tmp_path: Path) -> None:
    """A test on Wed 8 Jul, in the last ten school days (no time to make it up, an error here):
    a week back it fits; forward only, or from Mon 6 Jul on, it cannot, and the JSON says it
    is unrepairable (not left)."""
    plan, school = tmp_path / "plan.csv", tmp_path / "school.toml"
    plan.write_text("date,group,subject,kind\n2026-07-08,3C,geschiedenis,PW\n")
    school.write_text(LAST_WEEKS_SCHOOL)
    base = ["suggest", plan, "--school", school, "--format", "json", "--steps", "500"]
    back = json.loads(run(*base).stdout)
    assert [(m["from"], m["to"]) for m in back["moves"]] == [("2026-07-08", "2026-07-03")]
    assert back["unrepairable"] == back["left"] == []
    for extra in (["--weeks-before", "0"], ["--today", "2026-07-06"]):
        done = run(*base, *extra)
        assert done.returncode == 1, done.stderr
        data = json.loads(done.stdout)
        assert data["moves"] == [] and data["left"] == []
        (found,) = data["unrepairable"]
        assert found["rule"] == "makeup-room"
        assert found["why"].startswith("no school day for geschiedenis 3C in Mon 6 Jul")
    # --weeks, the old name of --weeks-after, still works
    assert run(*base, "--weeks", "0").returncode == 0


def test_text_in_english() -> None:
    done = run("suggest", *SOURCES, "--seconds", "10", "--lang", "en", "--steps", "2000")
    assert done.returncode in (0, 1), done.stderr
    assert "tests to move (seed 0" in done.stdout
    assert "moves " in done.stdout and "before: " in done.stdout


def test_apply_to_a_what_if_copy_in_the_store(sample_db: Path) -> None:
    done = run(
        "suggest", "--db", sample_db, "--plan", SAMPLE_PLAN, "--seconds", "20",
        "--apply-to", "Wat als", "--by", "Anna",
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    assert "wat-als-kopie 'Wat als' gemaakt" in done.stdout
    assert "verplaatsingen in plan 'Wat als'" in done.stdout
    with Store(str(sample_db)) as store:
        original = store.load(SAMPLE_PLAN).plan.assessments.set_index("id")["date"]
        copy = store.load("Wat als").plan.assessments.set_index("id")["date"]
        history = store.history("Wat als")
        own_history = store.history(SAMPLE_PLAN)
    differ = (original != copy.reindex(original.index)).sum()
    assert differ > 0
    assert history[0].person == "Anna"
    assert all(c.person != "Anna" for c in own_history)  # the plan itself is untouched


def test_one_line_errors() -> None:
    done = run("suggest", "--school", SAMPLE / "school.toml")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    done = run("suggest", *SOURCES, "--apply-to", "x")
    assert done.returncode == 2
    assert done.stderr.strip() == "planner: --apply-to werkt met een plan in de opslag (--plan)"
    done = run("suggest", *SOURCES, "--timetable", SAMPLE / "nope.csv")
    assert done.returncode == 2 and "nope.csv" in done.stderr


def test_the_timetable_in_the_store_is_used(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    done = run(
        "db", "import", SAMPLE / "plan.csv", "--plan", "P", "--db", db, "--school",
        SAMPLE / "school.toml", "--timetable", SAMPLE / "lesrooster.csv", "--by", "Anna",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "lesrooster.csv" in done.stdout
    with Store(str(db)) as store:
        lessons = store.lessons("P")
        history = store.history("P")
    assert len(lessons) == 764 and set(lessons["weekday"]) <= {0, 1, 2, 3, 4}
    assert any(c.action == "timetable" for c in history)
    # with every lesson of the timetable allowed, the moves land on a lesson day
    done = run("suggest", "--db", db, "--plan", "P", "--format", "json", "--seconds", "20")
    data = json.loads(done.stdout)
    days = {(g.casefold(), s.casefold(), d) for g, s, d in
            zip(lessons["group"], lessons["subject"], lessons["weekday"], strict=True)}  # fmt: skip
    for move in data["moves"]:
        weekday = dt.date.fromisoformat(move["to"]).weekday()
        assert (move["group"].casefold(), move["subject"].casefold(), weekday) in days


def test_lessons_names_the_lesson_timetable_and_timetable_still_works(tmp_path: Path) -> None:
    for option in ("--lessons", "--timetable"):
        done = run("suggest", *SOURCES, option, SAMPLE / "nope.csv")
        assert done.returncode == 2 and "nope.csv" in done.stderr
    db = tmp_path / "t.db"
    done = run(
        "db", "import", "--plan", "P", "--db", db, "--lessons", SAMPLE / "lesrooster.csv",
        "--by", "Anna",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "lesrooster.csv" in done.stdout
    with Store(str(db)) as store:
        assert len(store.lessons("P")) == 764
