"""`planner db ...`: a team's plan fed from files, checked with decisions, history and undo."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.cli import main

SCHOOL = """
[school]
name = "Testschool"
region = "midden"
[calendar]
start = 2025-09-01
end = 2026-07-17
[rules.tests-per-day]
reference = "art. 3.2"
"""
WISKUNDE = (
    "datum;klas;vak;soort;docent\n10-03-2026;2A;wiskunde;PW;JNS\n12-03-2026;2A;wiskunde;SO;JNS\n"
)
ENGELS = (
    "date,group,subject,kind,teacher,title\n"
    "2026-03-10,2A,Engels,PW,PRK,unit 4\n"
    "2026-03-10,2A,biologie,PW,PRK,=cmd()\n"
    "31-02-2026,2A,Duits,PW,PRK,\n"
)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with the files; the store is toetsplanner.db in it."""
    (tmp_path / "school.toml").write_text(SCHOOL, encoding="utf-8")
    (tmp_path / "wiskunde.csv").write_text(WISKUNDE, encoding="utf-8")
    (tmp_path / "engels.csv").write_text(ENGELS, encoding="utf-8")
    (tmp_path / "members.csv").write_text("leerling,klas\n1001,2A\n1002,2A\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOETSPLANNER_USER", "Anna")
    monkeypatch.delenv("TOETSPLANNER_DB", raising=False)
    return tmp_path


def db(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `planner db ARGS` in this process: (exit status, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(["db", *args])
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def findings(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, object]:
    status, out, _ = db(capsys, "check", "--plan", "p", "--format", "json", *extra)
    data: dict[str, object] = json.loads(out)
    data["status"] = status
    return data


def test_import_creates_the_plan_and_reports_problems(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = db(
        capsys,
        "import",
        "wiskunde.csv",
        "engels.csv",
        "--plan",
        "p",
        "--school",
        "school.toml",
        "--members",
        "members.csv",
        "--lang",
        "en",
    )
    assert status == 0
    assert "plan 'p' created" in out
    assert "wiskunde.csv: 2 rows stored, 0 replaced" in out
    assert "engels.csv: 2 rows stored" in out
    assert "row 4, column 'date', value '31-02-2026'" in out
    assert (env / "toetsplanner.db").exists()
    _, listing, _ = db(capsys, "list", "--plan", "p", "--lang", "en")
    assert [csv_name(line) for line in listing.splitlines()[1:]] == [
        "members.csv",
        "wiskunde.csv",
        "engels.csv",
    ]


def test_reimport_replaces_one_source_and_check_follows(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db(capsys, "import", "wiskunde.csv", "engels.csv", "--plan", "p", "--school", "school.toml")
    before = findings(capsys)
    assert before["status"] == 1
    (error,) = [f for f in before["findings"] if f["severity"] == "error"]  # type: ignore[attr-defined]
    assert error["rule"] == "tests-per-day" and len(error["assessments"]) == 3
    (env / "engels.csv").write_text(
        "date,group,subject,kind,teacher\n2026-03-16,2A,Engels,PW,PRK\n", encoding="utf-8"
    )
    _, out, _ = db(capsys, "import", "engels.csv", "--plan", "p")
    assert "1 rijen opgeslagen, 2 vervangen" in out
    after = findings(capsys)
    assert after["status"] == 0
    assert after["summary"]["assessments"] == 3  # type: ignore[index]


def test_decide_marks_the_finding_and_check_exits_0_when_all_errors_are_accepted(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db(capsys, "import", "wiskunde.csv", "engels.csv", "--plan", "p", "--school", "school.toml")
    args = ["--plan", "p", "--rule", "tests-per-day", "--group", "2A", "--start", "2026-03-10"]
    status, out, _ = db(
        capsys, "decide", *args, "--status", "accepted", "--note", "proefwerkdag", "--by", "Team"
    )
    assert status == 0 and "besluit vastgelegd" in out
    data = findings(capsys)
    assert data["status"] == 0
    (error,) = [f for f in data["findings"] if f["severity"] == "error"]  # type: ignore[attr-defined]
    assert error["decision"]["status"] == "accepted"
    assert error["decision"]["note"] == "proefwerkdag"
    assert error["decision"]["person"] == "Team"
    assert data["summary"]["open_errors"] == 0  # type: ignore[index]
    _, text, _ = db(capsys, "check", "--plan", "p")
    assert "<GEACCEPTEERD: proefwerkdag>" in text
    # No such finding: a clear refusal, nothing recorded.
    status, _, err = db(capsys, "decide", *args[:-1], "2026-03-11", "--status", "todo")
    assert status == 2 and "geen bevinding tests-per-day" in err


def test_history_undo_and_the_plan_at_an_earlier_change(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db(capsys, "import", "wiskunde.csv", "engels.csv", "--plan", "p", "--school", "school.toml")
    _, exported, _ = db(capsys, "export", "--plan", "p")
    rows = list(csv.DictReader(io.StringIO(exported)))
    engels = next(r for r in rows if r["subject"] == "Engels")
    status, out, _ = db(capsys, "move", engels["id"], "2026-03-17", "--plan", "p", "--by", "Bert")
    assert status == 0 and "verplaatst" in out
    assert tuesday_tests(findings(capsys)) == 2
    _, history, _ = db(capsys, "history", "--plan", "p", "--lang", "en")
    lines = history.splitlines()
    assert "Bert" in lines[0] and "Engels 2A (proefwerk) moved Tue 10 Mar to Tue 17 Mar" in lines[0]
    move_id = lines[0].split()[0].lstrip("#")
    status, _, _ = db(capsys, "undo", move_id, "--plan", "p")
    assert status == 0
    assert tuesday_tests(findings(capsys)) == 3
    _, as_json, _ = db(capsys, "history", "--plan", "p", "--format", "json")
    changes = json.loads(as_json)
    assert changes[0]["action"] == "undo" and changes[0]["undoes"] == int(move_id)
    assert changes[1]["undone_by"] == changes[0]["id"]
    # --at: the plan as it was after the move.
    assert tuesday_tests(findings(capsys, "--at", move_id)) == 2


def tuesday_tests(data: dict[str, object]) -> int:
    """How many tests the tests-per-day finding of 2A on di 10 mrt is about."""
    (error,) = [f for f in data["findings"] if f["rule"] == "tests-per-day"]  # type: ignore[attr-defined]
    assert error["start"] == "2026-03-10"
    return len(error["assessments"])


def test_export_is_a_plan_that_planner_check_reads_back(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db(capsys, "import", "wiskunde.csv", "engels.csv", "--plan", "p", "--school", "school.toml")
    status, _, _ = db(capsys, "export", "--plan", "p", "--output", "out.csv")
    assert status == 0
    text = (env / "out.csv").read_text(encoding="utf-8")
    assert "'=cmd()" in text  # a title that looks like a formula stays text in Excel
    direct = subprocess.run(
        [sys.executable, "-m", "planner", "check", "out.csv", "--school", "school.toml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert direct.returncode == 1
    assert "2A heeft op di 10 mrt 3 toetsen" in direct.stdout
    _, members, _ = db(capsys, "export", "--plan", "p", "--members")
    assert members.splitlines() == ["pupil,group"]


def test_copy_gives_a_what_if_plan(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db(capsys, "import", "wiskunde.csv", "--plan", "p", "--school", "school.toml")
    status, out, _ = db(capsys, "copy", "--plan", "p", "--to", "wat-als", "--lang", "en")
    assert status == 0 and "copied to 'wat-als'" in out
    _, listing, _ = db(capsys, "list")
    assert "wat-als (<- p)" in listing


def test_errors_are_one_line_and_exit_2(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = db(capsys, "check", "--plan", "nope")
    assert status == 2 and err.strip() == "planner: er is geen plan 'nope' (wel: -)"
    status, _, err = db(capsys, "check", "--plan", "nope", "--db", "/no/such/folder/x.db")
    assert status == 2 and "bestaat niet" in err and "Traceback" not in err
    (env / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    status, out, err = db(capsys, "import", "plan.pdf", "wiskunde.csv", "--plan", "p")
    assert status == 2
    assert "plan.pdf" in err and "wiskunde.csv: 2 rijen opgeslagen" in out


def test_newer_database_is_refused(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db(capsys, "init")
    import sqlite3

    with sqlite3.connect(env / "toetsplanner.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    status, _, err = db(capsys, "init", "--lang", "en")
    assert status == 2 and "written by a newer Toetsplanner (schema 9999" in err


def csv_name(line: str) -> str:
    return next(word for word in line.split() if word.endswith(".csv"))


def test_a_new_school_toml_replaces_the_settings_and_is_history(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db(capsys, "import", "wiskunde.csv", "--plan", "p", "--school", "school.toml")
    _, out, _ = db(capsys, "import", "--plan", "p", "--school", "school.toml")
    assert "vervangen" not in out  # the same file: nothing to record
    (env / "school.toml").write_text(SCHOOL.replace("Testschool", "Nieuw"), encoding="utf-8")
    _, out, _ = db(capsys, "import", "--plan", "p", "--school", "school.toml", "--lang", "en")
    assert "settings of 'p' replaced" in out
    _, history, _ = db(capsys, "history", "--plan", "p", "--lang", "en")
    assert "school settings replaced" in history.splitlines()[0]
    (env / "school.toml").write_text("[rules.tests-per-day]\nmaxx = 1\n", encoding="utf-8")
    status, _, err = db(capsys, "import", "--plan", "p", "--school", "school.toml")
    assert status == 2 and "rules.tests-per-day.maxx" in err


# -- a bad re-upload never wipes good rows ---------------------------------------------------

UNREADABLE = (
    "datum;klas;vak;soort;docent\n31-02-2026;2A;wiskunde;PW;JNS\n32-03-2026;2A;wiskunde;SO;JNS\n"
)


def exported_ids(capsys: pytest.CaptureFixture[str]) -> list[str]:
    _, out, _ = db(capsys, "export", "--plan", "p")
    return [row["id"] for row in csv.DictReader(io.StringIO(out))]


def test_a_reimport_without_readable_rows_is_refused_and_changes_nothing(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db(capsys, "import", "wiskunde.csv", "engels.csv", "--plan", "p")
    ids = exported_ids(capsys)
    _, history, _ = db(capsys, "history", "--plan", "p")
    (env / "wiskunde.csv").write_text(UNREADABLE, encoding="utf-8")
    status, out, err = db(capsys, "import", "wiskunde.csv", "--plan", "p", "--lang", "en")
    assert status == 2 and out == ""
    lines = err.splitlines()
    assert lines[0] == "  rows that could not be read (2):"  # its problems, listed
    assert lines[1].startswith("    wiskunde.csv, row 2, column 'date', value '31-02-2026'")
    assert lines[2].startswith("    wiskunde.csv, row 3, column 'date', value '32-03-2026'")
    assert lines[3:] == [
        "planner: wiskunde.csv: not stored, nothing was changed: 2 rows are stored that this "
        "file would replace, and the file has only 0 that can be read (under half)",
        "wiskunde.csv: to replace the stored rows all the same, use --replace-anyway",
    ]
    assert exported_ids(capsys) == ids
    assert db(capsys, "history", "--plan", "p")[1] == history
    status, out, _ = db(capsys, "import", "wiskunde.csv", "--plan", "p", "--replace-anyway")
    assert status == 0 and "wiskunde.csv: 0 rijen opgeslagen, 2 vervangen" in out
    assert len(exported_ids(capsys)) == len(ids) - 2


def test_the_other_files_of_an_import_are_still_stored(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db(capsys, "import", "wiskunde.csv", "--plan", "p")
    (env / "wiskunde.csv").write_text(UNREADABLE, encoding="utf-8")
    status, out, err = db(capsys, "import", "wiskunde.csv", "engels.csv", "--plan", "p")
    assert status == 2
    assert "opgeslagen zijn 2 rijen die dit bestand zou vervangen" in err
    assert "het bestand heeft er maar 0 die te lezen zijn" in err
    assert "wiskunde.csv: vervang de opgeslagen rijen toch met --replace-anyway" in err
    assert "engels.csv: 2 rijen opgeslagen, 0 vervangen" in out
    assert len(exported_ids(capsys)) == 4


# -- change numbers that the plan does not have ----------------------------------------------


def test_a_change_number_the_plan_does_not_have_is_one_line(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db(capsys, "import", "wiskunde.csv", "--plan", "p")
    db(capsys, "import", "engels.csv", "--plan", "q")
    _, history, _ = db(capsys, "history", "--plan", "q", "--format", "json")
    of_q = str(json.loads(history)[0]["id"])  # a change, but of plan q
    for change in ("9999", of_q):
        for args in (
            ("undo", change, "--plan", "p"),
            ("check", "--plan", "p", "--at", change),
            ("export", "--plan", "p", "--at", change),
        ):
            status, out, err = db(capsys, *args)
            assert (status, out) == (2, ""), args
            assert err == f"planner: plan 'p' heeft geen wijziging {change}\n", args
    status, _, err = db(capsys, "undo", "9999", "--plan", "p", "--lang", "en")
    assert (status, err) == (2, "planner: plan 'p' has no change 9999\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--plan", "p", "--compare", "9999", "--csv", "out.csv", "--lang", "en"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "planner: plan 'p' has no change 9999\n"
    _, history, _ = db(capsys, "history", "--plan", "p", "--format", "json")
    assert [c["action"] for c in json.loads(history)] == ["upload", "create"]  # no undo recorded
