"""Every importer fixture gives its expected result through `planner check`.

A fixture is any file under tests/fixtures/<kind>/ with a `<name>.expected.json` beside it (a
folder's README.md and the script that makes its files are none):

    {"exit": 0, "rows": [["2026-03-10", "2A", "wiskunde", "proefwerk"], ...],
     "problems": [[row, "column", "value"], ...]}        # loaded: rows and problems, in order
    {"exit": 2, "error": "words in the one-line message"}  # unusable as a whole

The fixtures are checked against tests/fixtures/school.toml (school year 2025-2026), in English.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner import load_config, read_plan

FIXTURES = Path(__file__).parent / "fixtures"
SCHOOL = FIXTURES / "school.toml"
EXPECTED = sorted(FIXTURES.glob("*/*.expected.json"))


def fixture_of(expected: Path) -> Path:
    return expected.with_name(expected.name.removesuffix(".expected.json"))


def test_every_fixture_has_an_expected_result() -> None:
    files = [
        f
        for f in FIXTURES.glob("*/*")
        if f.is_file()
        and not f.name.endswith(".expected.json")
        and f.suffix != ".py"
        and f.name != "README.md"  # where a folder's fixtures come from
    ]
    assert files, "no fixtures found"
    missing = [
        str(f.relative_to(FIXTURES)) for f in files if not Path(f"{f}.expected.json").exists()
    ]
    assert not missing, f"fixtures without an expected result: {missing}"


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_fixture(expected: Path) -> None:
    want = json.loads(expected.read_text(encoding="utf-8"))
    fixture = fixture_of(expected)
    run = subprocess.run(
        [sys.executable, "-m", "planner", "check", str(fixture), "--school", str(SCHOOL),
         "--format", "json", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert run.returncode == want["exit"], run.stderr
    if want["exit"] == 2:
        assert run.stdout == ""
        assert want["error"] in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
        return
    report = json.loads(run.stdout)
    problems = [[p["row"], p["column"], p["value"]] for p in report["problems"]]
    assert problems == want["problems"]
    assert report["summary"]["assessments"] == len(want["rows"])
    plan = read_plan([fixture], load_config(SCHOOL))
    table = plan.assessments
    rows = table.assign(date=table["date"].dt.strftime("%Y-%m-%d"))[
        ["date", "group", "subject", "kind"]
    ].values.tolist()
    assert rows == want["rows"]
