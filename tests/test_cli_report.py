"""`planner report`: every export from files and from the store, before/after, exit status
and one-line errors in Dutch and English."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import SAMPLE_PLAN

from planner.storage import Store

SAMPLE = Path(__file__).parent.parent / "sample_data"
SOURCES = [
    SAMPLE / "plan.csv",
    "--school",
    SAMPLE / "school.toml",
    "--members",
    SAMPLE / "members.csv",
]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", "report", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_export_from_files(tmp_path: Path) -> None:
    out = {k: tmp_path / f"r.{k}" for k in ("xlsx", "pdf", "ics", "csv")}
    plan_csv = tmp_path / "plan.csv"
    done = run(
        *SOURCES,
        "--xlsx", out["xlsx"], "--pdf", out["pdf"], "--ics", out["ics"], "--csv", out["csv"],
        "--plan-csv", plan_csv, "--made", "2026-03-02T09:00",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # the sample school has errors, as with check
    assert done.stderr == ""
    assert [line.split(" (")[0] for line in done.stdout.splitlines()] == [
        f"geschreven: {p}" for p in (out["xlsx"], out["pdf"], out["ics"], out["csv"], plan_csv)
    ]
    book = openpyxl.load_workbook(out["xlsx"], read_only=True)
    assert "Bevindingen" in book.sheetnames
    assert out["pdf"].read_bytes().startswith(b"%PDF")
    assert out["ics"].read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    findings = list(csv.DictReader(io.StringIO(out["csv"].read_text(encoding="utf-8-sig"))))
    assert sum(1 for f in findings if f["severity"] == "error") == 24
    # the plan's CSV is read back by `planner check`: the same findings
    again = subprocess.run(
        [sys.executable, "-m", "planner", "check", plan_csv, *map(str, SOURCES[1:]), "--format",
         "csv"], capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 1
    assert len(list(csv.DictReader(io.StringIO(again.stdout)))) == len(findings)


def test_compare_with_an_earlier_plan_file(tmp_path: Path) -> None:
    """The plan before: the sample; after: 2A's biology test moved off di 10 mrt."""
    table = pd.read_csv(SAMPLE / "plan.csv", dtype="str", keep_default_na=False)
    crowded = (table["group"] == "2A") & (table["date"] == "2026-03-10")
    biology = crowded & (table["subject"] == "biologie") & (table["kind"] == "PW")
    assert biology.sum() == 1
    table.loc[biology, "date"] = "2026-03-12"
    after = tmp_path / "plan-na.csv"
    table.to_csv(after, index=False)
    xlsx = tmp_path / "r.xlsx"
    done = run(after, *SOURCES[1:], "--compare", SAMPLE / "plan.csv", "--xlsx", xlsx)
    assert done.returncode == 1, done.stderr
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert "Voor en na" in book.sheetnames
    cells = [str(c) for row in book["Voor en na"].iter_rows(values_only=True) for c in row if c]
    assert any("biologie" in c for c in cells)
    assert any(c.startswith("2A heeft op di 10 mrt 3 toetsen") for c in cells)


def test_from_the_store_with_a_moment_to_compare(sample_db: Path, tmp_path: Path) -> None:
    with Store(str(sample_db)) as store:
        before = store.latest_change(SAMPLE_PLAN)
        table = store.load(SAMPLE_PLAN).plan.assessments
        test = table[table["group"] == "1A"]["id"].iloc[0]
        store.move(SAMPLE_PLAN, test, pd.Timestamp("2026-03-12").date(), person="Anna")
    csv_file, xlsx = tmp_path / "f.csv", tmp_path / "r.xlsx"
    done = run(
        "--db", sample_db, "--plan", SAMPLE_PLAN, "--compare", str(before), "--csv", csv_file,
        "--xlsx", xlsx, "--lang", "en",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("written: ")
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert "Findings" in book.sheetnames and "Before and after" in book.sheetnames
    # titled by the plan's name, which holds the school's (not "Voorbeeldcollege · Voorbeeld...")
    assert book["Summary"]["A1"].value == SAMPLE_PLAN
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert {"decision", "note", "decided_by"} <= set(rows[0])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is missing")
def test_suggested_dates_in_the_per_teacher_lists(tmp_path: Path) -> None:
    """--suggest runs the repair as `planner suggest` does (the same lesson timetable and steps,
    the same moves): its new dates fill the workbook's 'Per docent' column and the PDF's
    per-teacher page; a timetable row it cannot read is an import problem; the title is the
    school's name, not the files'."""
    xlsx, pdf, moves = tmp_path / "r.xlsx", tmp_path / "r.pdf", tmp_path / "moves.json"
    lessons = tmp_path / "lesrooster.csv"
    timetable = (SAMPLE / "lesrooster.csv").read_text(encoding="utf-8")
    lessons.write_text(timetable + "2A,biologie,blauwdag,1\n", encoding="utf-8")
    done = run(
        *SOURCES, "--suggest", "--lessons", lessons, "--steps", "3000", "--xlsx", xlsx, "--pdf",
        pdf, "--per-teacher", "--made", "2026-03-02T09:00",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    suggested = subprocess.run(
        [sys.executable, "-m", "planner", "suggest", *map(str, SOURCES), "--lessons", str(lessons),
         "--steps", "3000", "--format", "json", "--output", str(moves)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert moves.exists(), suggested.stderr
    expected = {
        (m["group"], m["subject"], m["from"], m["to"])
        for m in json.loads(moves.read_text(encoding="utf-8"))["moves"]
    }
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book["Samenvatting"]["A1"].value == "Voorbeeldcollege"
    rows = list(book["Per docent"].iter_rows(values_only=True))
    assert rows[0][2] == "voorgestelde datum"
    shown = {
        (r[3], r[4], r[1].date().isoformat(), r[2].date().isoformat()) for r in rows[1:] if r[2]
    }
    assert shown and shown <= expected
    problems = list(book["Inleesproblemen"].iter_rows(values_only=True))
    assert any(r[0] == "lesrooster.csv" and r[3] == "blauwdag" for r in problems[1:]), problems
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.lstrip().startswith("Voorbeeldcollege\n")
    assert "plan.csv" not in text  # neither on the cover nor in the footer
    assert text.count("→ Voorgestelde datum: ") == sum(1 for r in rows[1:] if r[2])


@pytest.mark.parametrize(
    ("args", "lang", "message"),
    [
        ((), "nl", "geef minstens één van --xlsx, --pdf, --ics, --csv, --plan-csv"),
        (("--lang", "en"), "en", "give at least one of --xlsx"),
        (("--plan", "x", "--csv", "f.csv"), "nl", "geef planbestanden of --plan"),
    ],
)
def test_usage_errors_are_one_line(args: tuple[str, ...], lang: str, message: str) -> None:
    done = run(*SOURCES, *args)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_a_missing_plan_file_is_one_line(tmp_path: Path) -> None:
    done = run(tmp_path / "nope.csv", "--csv", tmp_path / "f.csv")
    assert done.returncode == 2
    assert "nope.csv" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "f.csv").exists()
