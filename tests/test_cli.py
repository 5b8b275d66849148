"""`planner check`: exit status 0/1/2, the JSON and CSV contract, one-line errors."""

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

CLEAN = "datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n11-03-2026;2A;Engels;SO\n"
OVERLOADED = (
    "date,group,subject,kind,title\n"
    "2026-03-10,2A,wiskunde,PW,H3\n"
    "2026-03-10,2A,Engels,PW,unit 4\n"
    '2026-03-10,2A,biologie,PW,"=HYPERLINK(""http://x"",""y"")"\n'
    "2026-03-11,2A,Frans,toets,\n"
    "31-02-2026,2A,Duits,PW,\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "school": tmp_path / "school.toml",
        "clean": tmp_path / "clean.csv",
        "bad": tmp_path / "bad.csv",
        "members": tmp_path / "members.csv",
        "pdf": tmp_path / "plan.pdf",
    }
    paths["pdf"].write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    paths["school"].write_text(SCHOOL, encoding="utf-8")
    paths["clean"].write_text(CLEAN, encoding="utf-8")
    paths["bad"].write_text(OVERLOADED, encoding="utf-8")
    paths["members"].write_text("leerling,klas\n1001,2A\n1002,2A\n", encoding="utf-8")
    return paths


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_clean_plan_exits_0(files: dict[str, Path]) -> None:
    result = run("check", files["clean"], "--school", files["school"])
    assert result.returncode == 0, result.stderr
    assert "Geen bevindingen" in result.stdout
    assert "2 toetsen en huiswerk" in result.stdout


def test_errors_exit_1_with_text_report(files: dict[str, Path]) -> None:
    result = run("check", files["bad"], "--school", files["school"])
    assert result.returncode == 1
    assert "FOUT" in result.stdout
    assert "2A heeft op di 10 mrt 3 toetsen (max 2)" in result.stdout
    assert "[art. 3.2]" in result.stdout
    assert "rij 6, kolom 'date', waarde '31-02-2026'" in result.stdout


def test_json_shape(files: dict[str, Path]) -> None:
    result = run(
        "check", files["bad"], "--school", files["school"], "--members", files["members"],
        "--format", "json", "--lang", "en",
    )  # fmt: skip
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert set(data) == {"findings", "problems", "summary", "sources"}
    # how each file was read (DESIGN: name, format, rows, left_out by reason)
    assert data["sources"] == [
        {
            "name": files["bad"].name,
            "format": "CSV table",
            "reader": "csv",
            "container": "csv",
            "rows": 4,
            "left_out": {"unreadable": 1},  # the row with a date that is not one
        }
    ]
    assert data["summary"] == {
        "assessments": 4,
        "groups": 1,
        "pupils": 2,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
    }
    finding = data["findings"][0]
    assert set(finding) == {
        "rule", "severity", "group", "pupil", "start", "end", "assessments", "value", "limit",
        "message", "reference",
    }  # fmt: skip
    assert finding["rule"] == "tests-per-day"
    assert finding["severity"] == "error"
    assert finding["group"] == "2A"
    assert finding["pupil"] is None
    assert finding["start"] == finding["end"] == "2026-03-10"
    assert len(finding["assessments"]) == 3
    assert (finding["value"], finding["limit"]) == (3.0, 2.0)
    assert finding["message"].startswith("2A has 3 tests on Tue 10 Mar (max 2)")
    assert finding["reference"] == "art. 3.2"
    assert data["problems"] == [
        {
            "source": "bad.csv",
            "row": 6,
            "column": "date",
            "value": "31-02-2026",
            "message": "not a date (use 2026-03-10 or 10-03-2026)",
        }
    ]


def test_csv_output_to_file_keeps_formulas_inert(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "findings.csv"
    result = run("check", files["bad"], "--school", files["school"], "--format", "csv",
                 "--output", out)  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["rule"] == "tests-per-day"
    assert rows[0]["limit"] == "2.0"
    assert len(rows[0]["assessments"].split()) == 3
    # the title never reaches a cell start, but a group named like a formula would be quoted
    assert all(not r["message"].startswith("=") for r in rows)


def test_formula_like_group_is_quoted_in_csv(files: dict[str, Path], tmp_path: Path) -> None:
    plan = tmp_path / "evil.csv"
    plan.write_text(
        "date,group,subject,kind\n2026-03-10,=1+1,a,PW\n2026-03-10,=1+1,b,PW\n"
        "2026-03-10,=1+1,c,PW\n",
        encoding="utf-8",
    )
    result = run("check", plan, "--school", files["school"], "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["group"] == "'=1+1"
    assert rows[0]["message"].startswith("'=1+1")


@pytest.mark.parametrize(
    ("args", "english", "dutch"),
    [
        (["missing.csv"], "missing.csv: file not found", "missing.csv: bestand niet gevonden"),
        (
            ["{clean}", "--school", "missing.toml"],
            "missing.toml: file not found",
            "missing.toml: bestand niet gevonden",
        ),
        (["{clean}", "--school", "{bad}"], "not valid TOML", "geen geldige TOML"),
        (["{clean}", "--members", "{clean}"], "pupil column", "leerlingkolom"),
        (["{pdf}"], "unknown file type .pdf", "onbekend bestandstype .pdf"),
        (["{school}"], "unknown file type .toml", "onbekend bestandstype .toml"),
    ],
)
def test_unusable_input_exits_2_with_one_line(
    files: dict[str, Path], args: list[str], english: str, dutch: str
) -> None:
    argv = ["check", *(a.format(**files) for a in args)]
    for lang, words in (("en", english), ("nl", dutch)):
        result = run(*argv, "--lang", lang)
        assert result.returncode == 2
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert words in lines[0]
        assert "Traceback" not in result.stderr


def test_errors_are_dutch_by_default_and_follow_the_school(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("datum,klas,vak\n10-03-2026,2A,wiskunde\n", encoding="utf-8")
    result = run("check", plan)
    assert result.returncode == 2
    assert "plan.csv: verplichte kolom(men) ontbreken: kind" in result.stderr
    school = tmp_path / "school.toml"
    school.write_text("[school]\nlanguage = 'en'\n", encoding="utf-8")
    result = run("check", plan, "--school", school)
    assert "missing required column(s) kind (found: datum, klas, vak)" in result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules.tests-per-day]\nmax = -1\n", encoding="utf-8")
    result = run("check", plan, "--school", bad)
    assert "sleutel 'rules.tests-per-day.max', waarde -1: mag niet negatief zijn" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run("check").returncode == 2
    assert run("check", "x.csv", "--format", "xml").returncode == 2
    assert run("nonsense").returncode == 2


def test_main_in_process(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(files["clean"]), "--school", str(files["school"]), "--lang", "en"])
    assert exit_info.value.code == 0
    assert "No findings." in capsys.readouterr().out


def test_every_command_is_in_the_readme() -> None:
    from planner.cli import cli

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():  # type: ignore[attr-defined]
        assert f"planner {name}" in readme
        for sub in getattr(command, "commands", {}):
            assert f"planner {name} {sub}" in readme


def test_summary_line_speaks_in_singular_and_plural() -> None:
    from planner.output import summary_line

    counts = {"assessments": 1, "groups": 2, "pupils": 0, "errors": 1, "warnings": 2, "infos": 1}
    assert summary_line(counts, "nl") == (
        "1 toets of huiswerk, 2 groepen, 0 leerlingen: 1 fout, 2 waarschuwingen, 1 info"
    )
    assert summary_line(counts, "en") == (
        "1 test or homework, 2 groups, 0 pupils: 1 error, 2 warnings, 1 info"
    )
