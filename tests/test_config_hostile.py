"""A hostile or mistyped school.toml: a pattern that backtracks, nan and inf, numbers far out of
range, a 10 MB text, a billion test sessions. Each gets a clear ConfigError naming the key, at
once: never a hang, a huge allocation or "internal error"."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.config import load_config
from planner.errors import ConfigError
from planner.importers.ical import read_ical_plan
from planner.patterns import compile_pattern
from planner.views.rules import parse_toml

TEN_MB = "x" * 10_000_000
WEEK = "[[calendar.test_weeks]]\nname = 'Toetsweek'\nstart = 2026-01-26\nend = 2026-01-30\n"

CASES = [
    # patterns RE2 cannot run: backreferences, lookaround, Python's \Z
    ("[import.ical]\ngroup_pattern = '(\\w)\\1'\n", "import.ical.group_pattern", "RE2"),
    ("[import.ical]\nsubject_pattern = '(?=wis)\\w+'\n", "import.ical.subject_pattern", "RE2"),
    ("[import.ical]\ngroup_pattern = '(?<!x)[1-6]A'\n", "import.ical.group_pattern", "RE2"),
    ("[import.ical]\nsubject_pattern = 'wis\\Z'\n", "import.ical.subject_pattern", "RE2"),
    ("[import.ical]\ngroup_pattern = '(a{999}){999}'\n", "import.ical.group_pattern", "RE2"),
    # nan and inf
    ("[rules.tests-per-day]\nmax = nan\n", "rules.tests-per-day.max", "must be a number"),
    ("[rules.peak-week]\nfactor = inf\n", "rules.peak-week.factor", "must be a number"),
    ("[rules.tests-per-week]\nmax = -inf\n", "rules.tests-per-week.max", "must be a number"),
    ("[kinds.pw]\naliases = ['PW']\nweight = nan\n", "kinds.pw.weight", "must be a number"),
    (
        "[[rules.tests-per-week.overrides]]\ngroups = ['4*']\nmax = inf\n",
        "rules.tests-per-week.overrides[0].max",
        "must be a number",
    ),
    # numbers far out of range
    (f"[import]\nmax_rows = {10**30}\n", "import.max_rows", "at most 5000000"),
    (f"[import]\nmax_bytes = {10**20}\n", "import.max_bytes", "at most"),
    ("[import]\nmax_bytes = 0\n", "import.max_bytes", "at least 1"),
    (f"[rules.notice-period]\ndays = {10**12}\n", "rules.notice-period.days", "at most 366"),
    (f"[rules.after-holiday]\nmin_length = {10**12}\n", "rules.after-holiday.min_length", "most"),
    (f"[rules.tests-per-day]\nmax_heavy = {10**400}\n", "rules.tests-per-day.max_heavy", "most"),
    ("[rules.tests-per-day]\nmax = 1e300\n", "rules.tests-per-day.max", "at most 20"),
    ("[rules.homework-per-day]\nmax = 100000\n", "rules.homework-per-day.max", "at most 1440"),
    (f"[kinds.pw]\nweight = {10**9}\n", "kinds.pw.weight", "at most 100"),
    (WEEK + "sessions = 1000000000\n", "calendar.test_weeks[0].sessions", "at most 12"),
    (WEEK + "sessions = 0\n", "calendar.test_weeks[0].sessions", "at least 1"),
    # dates and periods
    ("[calendar]\nstart = 0001-01-01\n", "calendar.start", "between 1900-01-01"),
    ("[calendar]\nstart = 1900-01-01\nend = 2199-12-31\n", "calendar.end", "at most 1830"),
    (
        "[[calendar.test_weeks]]\nstart = 2026-01-26\nend = 2026-12-30\n",
        "calendar.test_weeks[0].end",
        "at most 62",
    ),
    (
        "[[calendar.holidays]]\nstart = 1900-01-01\nend = 2199-12-31\n",
        "calendar.holidays[0].end",
        "at most 366",
    ),
    ("[calendar]\ndays_off = [9999-12-31]\n", "calendar.days_off", "between"),
    # long texts and long lists
    (f"[rules.duplicate]\nreference = '{TEN_MB}'\n", "rules.duplicate.reference", "too long"),
    (f'[school]\nname = "{TEN_MB}"\n', "school.name", "too long"),
    (f"[school]\nregion = '{TEN_MB}'\n", "school.region", "too long"),
    (f"[kinds.pw]\naliases = ['{TEN_MB}']\n", "kinds.pw.aliases", "too long"),
    (f"[import.ical]\ngroup_pattern = '{TEN_MB}'\n", "import.ical.group_pattern", "too long"),
    (f"[import.columns]\n{'k' * 2000} = 'date'\n", "import.columns.kkkk", "too long"),
    (f"[access]\neditors = ['{TEN_MB}']\n", "access.editors", "too long"),
    (
        "[rules.tests-per-day]\ngroups = [" + "'1A', " * 2000 + "]\n",
        "rules.tests-per-day.groups",
        "too many",
    ),
    (
        "[calendar]\ndays_off = [" + "2026-01-05, " * 2000 + "]\n",
        "calendar.days_off",
        "too many",
    ),
]


def write(tmp_path: Path, text: str, name: str = "school.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "key", "words"), CASES)
def test_a_hostile_value_is_a_config_error_naming_the_key(
    tmp_path: Path, text: str, key: str, words: str
) -> None:
    path = write(tmp_path, text)
    start = time.perf_counter()
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert time.perf_counter() - start < 2
    line = caught.value.one_line("en")
    assert line.startswith(f"{path}, key '{key}")
    assert words in line
    assert "\n" not in line and len(line) < 400  # the 10 MB never comes back in the message


def test_the_messages_are_dutch_too(tmp_path: Path) -> None:
    path = write(tmp_path, WEEK + "sessions = 1000000000\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "sleutel 'calendar.test_weeks[0].sessions'" in caught.value.one_line("nl")
    assert "mag hoogstens 12 zijn" in caught.value.one_line("nl")


@pytest.mark.parametrize(
    "text",
    ["x = " + "[" * 100_000 + "]" * 100_000, "x = " + "9" * 5000, "x = {a = " * 1000],
)
def test_toml_the_parser_cannot_take_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=r"school\.toml.*TOML"):
        load_config(path)
    # The Rules page's upload reads school.toml text the same way.
    with pytest.raises(ConfigError, match=r"upload\.toml.*TOML"):
        parse_toml(text, "upload.toml")


def test_a_backtracking_pattern_cannot_hang_an_import(tmp_path: Path) -> None:
    """`(a+)+$` on 28 a's and a `!` takes Python's re minutes; RE2 takes microseconds."""
    config = load_config(
        write(tmp_path, "[import.ical]\ngroup_pattern = '(a+)+$'\nsubject_pattern = '(a+)+$'\n")
    )
    summary = "PW " + "a" * 28 + "!"
    ics = write(
        tmp_path,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        f"DTSTART;VALUE=DATE:20260310\r\nSUMMARY:{summary}\r\nLOCATION:{'a' * 28}!\r\n"
        f"DESCRIPTION:{'a' * 28}!\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "toetsen.ics",
    )
    start = time.perf_counter()
    table, problems = read_ical_plan(ics, config)
    assert time.perf_counter() - start < 2
    assert table.empty
    assert [(p.row, p.column) for p in problems] == [(1, "group")]


def test_named_groups_and_the_sample_patterns_work_as_before(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            "[import.ical]\ngroup_pattern = '\\b(?P<klas>[1-6][A-Za-z]{1,3}\\d?)\\b'\n"
            "subject_pattern = '(?i)^(?:pw|so)\\s+(\\w+)'\n",
        )
    )
    ics = write(
        tmp_path,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTART;VALUE=DATE:20260310\r\nSUMMARY:PW wiskunde 2A 3b: H3\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n",
        "toetsen.ics",
    )
    table, problems = read_ical_plan(ics, config)
    assert problems == []
    assert table[["group", "subject", "kind"]].values.tolist() == [
        ["2A", "wiskunde", "proefwerk"],
        ["3b", "wiskunde", "proefwerk"],
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b([1-6][A-Za-z]{1,3}\d?)\b",  # README
        r"\b([HVA][1-6][a-z])\b",  # tests/test_import_ical.py
        r"^\[\w+\]\s+\S+\s+(\w+)",
        r"(?i)wiskunde [AB]",
        r"(?P<klas>[1-6][A-Z])",
    ],
)
def test_re2_finds_what_re_finds_with_the_sample_patterns(pattern: str) -> None:
    texts = ["[SO] H4a wisA: H3", "2A, 3b wiskunde PW", "Wiskunde b V5b", "PW 4havo 5A1", ""]
    for text in texts:
        ours = [(m.span(), m.group(0)) for m in compile_pattern(pattern).finditer(text)]
        assert ours == [(m.span(), m.group(0)) for m in re.finditer(pattern, text)]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[import.ical]\ngroup_pattern = '(\\w)\\1'\n", "import.ical.group_pattern"),
        ("[rules.tests-per-day]\nmax = nan\n", "rules.tests-per-day.max"),
        (WEEK + "sessions = 1000000000\n", "calendar.test_weeks[0].sessions"),
        (f"[rules.duplicate]\nreference = '{TEN_MB}'\n", "rules.duplicate.reference"),
    ],
)
def test_planner_check_with_a_hostile_school_toml_exits_2_with_one_line(
    tmp_path: Path, text: str, key: str
) -> None:
    plan = write(tmp_path, "datum;klas;vak;soort\n10-03-2026;2A;wiskunde;PW\n", "plan.csv")
    bad = write(tmp_path, text, "bad.toml")
    done = subprocess.run(
        [sys.executable, "-m", "planner", "check", str(plan), "--school", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[:2000]
    assert "bad.toml" in lines[0] and key in lines[0]
    assert "internal error" not in lines[0] and len(lines[0]) < 400
