"""school.toml: defaults, validation and clear errors naming the file and the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.config import DEFAULT_KINDS, load_config
from planner.errors import ConfigError
from planner.model import Severity
from planner.rules import REGISTRY

SAMPLE = Path(__file__).parent.parent / "sample_data" / "school.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "school.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file() -> None:
    config = load_config(None)
    assert config.region == "midden"
    assert config.language == "nl"
    assert config.start is None and config.end is None
    assert set(config.kinds) == set(DEFAULT_KINDS)
    assert list(config.rules) == list(REGISTRY)
    assert config.rules["tests-per-day"].params == {"max": 2.0, "max_heavy": 1}
    assert config.rules["peak-week"].severity is Severity.INFO
    assert all(rule.enabled for rule in config.rules.values())


def test_the_sample_school_loads() -> None:
    config = load_config(SAMPLE)
    assert config.name == "Voorbeeldcollege"
    assert config.start == dt.date(2025, 9, 1)
    assert len(config.test_weeks) == 2
    assert all(rule.reference for rule in config.rules.values())


def test_period_filled_in_from_the_plan() -> None:
    config = load_config(None).with_period(dt.date(2026, 3, 10), dt.date(2026, 3, 20))
    assert (config.start, config.end) == (dt.date(2025, 8, 1), dt.date(2026, 7, 31))


def test_kinds_aliases_and_rule_settings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[kinds.proefwerk]
aliases = ["PW", "toets"]
weight = 1
heavy = true
[kinds.so]
aliases = ["SO"]
weight = 0.5
[kinds.huiswerk]
aliases = ["HW"]
weight = 0
test = false

[rules.tests-per-day]
max = 2.5
severity = "warning"
reference = "art. 3.2"
groups = ["1*", "2*", "3*"]
[[rules.tests-per-day.overrides]]
groups = ["3*"]
max = 3
severity = "error"
[[rules.tests-per-day.overrides]]
groups = ["3C"]
enabled = false

[rules.peak-week]
enabled = false
""",
    )
    config = load_config(path)
    assert set(config.kinds) == {"proefwerk", "so", "huiswerk"}
    lookup = config.kind_lookup()
    assert lookup["toets"] == "proefwerk"
    assert lookup["pw"] == "proefwerk"
    assert config.kinds["huiswerk"].test is False
    assert config.kinds["proefwerk"].heavy is True
    rule = config.rules["tests-per-day"]
    assert rule.settings_for("4H1") is None  # not in the rule's groups
    two = rule.settings_for("2A")
    assert two is not None
    assert (two["max"], two["max_heavy"], two["severity"]) == (2.5, 1, Severity.WARNING)
    assert two["reference"] == "art. 3.2"
    three = rule.settings_for("3B")
    assert three is not None
    assert (three["max"], three["severity"]) == (3.0, Severity.ERROR)
    assert rule.settings_for("3C") is None  # switched off by the second override
    assert config.rules["peak-week"].enabled is False


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("[school]\nnaam = 'x'\n", "school.naam", "unknown key"),
        ("[rules.tests-per-day]\nmaximum = 3\n", "rules.tests-per-day.maximum", "unknown key"),
        ("[rules.toetsen-per-dag]\nmax = 3\n", "rules.toetsen-per-dag", "unknown rule"),
        ("[rules.tests-per-day]\nmax = 'twee'\n", "rules.tests-per-day.max", "number"),
        ("[rules.tests-per-day]\nmax = -1\n", "rules.tests-per-day.max", "negative"),
        ("[rules.tests-per-day]\nmax_heavy = 1.5\n", "rules.tests-per-day.max_heavy", "whole"),
        ("[rules.tests-per-day]\nseverity = 'fatal'\n", "rules.tests-per-day.severity", "error"),
        ("[rules.tests-per-day]\nenabled = 'ja'\n", "rules.tests-per-day.enabled", "true"),
        ("[calendar]\nstart = '2025-13-01'\n", "calendar.start", "date"),
        ("[calendar]\nstart = 2026-01-01\nend = 2025-09-01\n", "calendar.end", "before"),
        ("[school]\nregion = 'west'\n", "school.region", "noord"),
        ("[school]\nlanguage = 'de'\n", "school.language", "nl or en"),
        (
            "[[calendar.test_weeks]]\nstart = 2026-01-26\n",
            "calendar.test_weeks[0].end",
            "required",
        ),
        (
            "[[calendar.test_weeks]]\nstart = 2026-01-26\nend = 2026-01-30\ngroups = []\n",
            "calendar.test_weeks[0].groups",
            "patterns",
        ),
        (
            "[[rules.tests-per-week.overrides]]\nmax = 3\n",
            "rules.tests-per-week.overrides[0].groups",
            "groups",
        ),
        (
            "[[rules.tests-per-week.overrides]]\ngroups = ['1*']\nmaxx = 3\n",
            "rules.tests-per-week.overrides[0].maxx",
            "unknown key",
        ),
        (
            "[kinds.pw]\naliases = ['PW']\n[kinds.so]\naliases = ['pw']\n",
            "kinds.so.aliases",
            "also used",
        ),
        ("[calendar]\ndays_off = [2026-02-13, 'morgen']\n", "calendar.days_off", "dates"),
        (
            "[[calendar.test_weeks]]\nstart = 2026-01-26\nend = 2026-01-30\n"
            "session_kinds = ['proefwerk', 'tentamen']\n",
            "calendar.test_weeks[0].session_kinds",
            "test kinds",
        ),
        (
            "[[calendar.test_weeks]]\nstart = 2026-01-26\nend = 2026-01-30\n"
            "session_kinds = ['huiswerk']\n",  # homework is no test
            "calendar.test_weeks[0].session_kinds",
            "(kinds: proefwerk, so, po)",
        ),
    ],
)
def test_errors_name_the_file_and_key(tmp_path: Path, text: str, key: str, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = info.value.one_line()
    assert str(path) in message
    assert f"'{key}'" in message
    assert words in message


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")
    bad = write(tmp_path, "[school\nname = 1")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


def test_the_kinds_that_get_a_session_in_a_test_week(tmp_path: Path) -> None:
    week = "[[calendar.test_weeks]]\nstart = 2026-01-26\nend = 2026-01-30\n"
    config = load_config(write(tmp_path, week + "session_kinds = ['Proefwerk', 'SO', 'so']\n"))
    assert config.test_weeks[0].session_kinds == ("proefwerk", "so")  # names, once each
    config = load_config(write(tmp_path, week + "session_kinds = 'proefwerk'\n"))
    assert config.test_weeks[0].session_kinds == ("proefwerk",)
    assert load_config(write(tmp_path, week)).test_weeks[0].session_kinds == ()  # every kind
