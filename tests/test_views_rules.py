"""The rule set as school.toml text and as form tables (planner/views/rules.py): round trips,
edits that reach the config, and edits that are refused with the key they concern."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from conftest import SAMPLE_DIR

from planner.config import SchoolConfig, parse_config
from planner.errors import ConfigError
from planner.rules import REGISTRY
from planner.views.rules import (
    PARAMS,
    RulesForm,
    decode_toml,
    form_to_toml,
    parse_toml,
    to_form,
    to_toml,
)

FIXTURE_TOML = Path(__file__).parent / "fixtures" / "school.toml"
EXTRA = """
[school]
name = "Extra"
region = "zuid"
language = "en"

[feeds]
base_url = "https://toetsen.extra.nl"

[calendar]
start = 2025-08-25
end = 2026-07-10
holidays = [{ name = "Carnaval", start = 2026-02-16, end = 2026-02-20 }]

[rules.duplicate]
enabled = false
groups = ["4*", "5*"]

[[rules.tests-per-day.overrides]]
groups = ["1*"]
max = 1.5
enabled = false
severity = "warning"
reference = "art. 9"

[import]
columns = { "Toetsmoment" = "date" }
sheet = "Planning"
layout = "long"
day_first = false
max_rows = 1000

[import.ical]
kind_words = { "tentamen" = "proefwerk" }
group_pattern = '\\b([1-6][A-Za-z]{1,3}\\d?)\\b'
group_from_calendar_name = false

[access]
editors = ["*@school.nl"]
"""


def config_of(text: str) -> SchoolConfig:
    return parse_config(tomllib.loads(text), "school.toml")


CONFIGS = {
    "sample": (SAMPLE_DIR / "school.toml").read_text(encoding="utf-8"),
    "fixture": FIXTURE_TOML.read_text(encoding="utf-8"),
    "defaults": "",
    "extra": EXTRA,
}


@pytest.fixture(scope="module")
def sample() -> SchoolConfig:
    return config_of(CONFIGS["sample"])


@pytest.mark.parametrize("name", list(CONFIGS))
def test_to_toml_round_trips(name: str) -> None:
    config = config_of(CONFIGS[name])
    assert parse_config(tomllib.loads(to_toml(config)), config.source) == config


@pytest.mark.parametrize("name", list(CONFIGS))
def test_the_form_unedited_gives_the_same_config(name: str) -> None:
    config = config_of(CONFIGS[name])
    text, back = form_to_toml(to_form(config, "nl"), config)
    assert back == config
    assert parse_config(tomllib.loads(text), config.source) == config


def test_the_rule_table_has_every_rule_with_its_parameters(sample: SchoolConfig) -> None:
    rules = to_form(sample, "en").rules.set_index("rule")
    assert rules.index.tolist() == list(REGISTRY)
    assert set(PARAMS) == {"max", "max_heavy", "days", "min_length", "factor"}
    assert rules.loc["tests-per-day", "max"] == 2.0
    assert rules.loc["tests-per-day", "max_heavy"] == 1
    assert math.isnan(rules.loc["tests-per-day", "days"])
    assert rules.loc["peak-week", "groups"] == "1*, 2*, 3*"
    assert rules.loc["after-holiday", "severity"] == "warning"
    assert rules.loc["tests-per-day", "title"] == REGISTRY["tests-per-day"].title["en"]
    assert "art. 3.1" in rules.loc["tests-per-day", "reference"]


def test_defaults_come_from_the_registry() -> None:
    rules = to_form(parse_config({}), "nl").rules.set_index("rule")
    for rule_id, rule in REGISTRY.items():
        for param in rule.params:
            assert rules.loc[rule_id, param.name] == param.default


def edited(config: SchoolConfig, **tables: pd.DataFrame) -> RulesForm:
    form = to_form(config, "nl")
    return dataclasses.replace(form, **tables)


def test_a_changed_limit_reaches_the_config_and_the_text(sample: SchoolConfig) -> None:
    form = to_form(sample, "nl")
    rules = form.rules.copy()
    row = rules.index[rules["rule"] == "before-test-week"][0]
    rules.loc[row, "days"] = 4.0
    week = rules.index[rules["rule"] == "tests-per-week"][0]
    rules.loc[week, "max"] = 3.5
    text, config = form_to_toml(dataclasses.replace(form, rules=rules), sample)
    assert config.rules["before-test-week"].params == {"days": 4}
    assert config.rules["tests-per-week"].params == {"max": 3.5}
    document = tomllib.loads(text)
    assert document["rules"]["before-test-week"]["days"] == 4  # an integer stays one
    assert isinstance(document["rules"]["before-test-week"]["days"], int)
    # Everything else is as it was.
    assert dataclasses.replace(
        config, rules={**config.rules, "before-test-week": sample.rules["before-test-week"]}
    ) == dataclasses.replace(
        sample, rules={**sample.rules, "tests-per-week": config.rules["tests-per-week"]}
    )


def test_a_rule_switched_off_and_given_groups(sample: SchoolConfig) -> None:
    form = to_form(sample, "en")
    rules = form.rules.copy()
    row = rules.index[rules["rule"] == "notice-period"][0]
    rules.loc[row, "enabled"] = False
    rules.loc[row, "groups"] = "4*; 5H1"
    rules.loc[row, "severity"] = "info"
    _, config = form_to_toml(dataclasses.replace(form, rules=rules), sample)
    rule = config.rules["notice-period"]
    assert (rule.enabled, rule.groups, str(rule.severity)) == (False, ("4*", "5H1"), "info")


def test_an_override_row_added_in_either_language(sample: SchoolConfig) -> None:
    for lang, off in (("nl", "uit"), ("en", "off")):
        form = to_form(sample, lang)
        added = pd.DataFrame(
            [
                {"rule": "homework-per-day", "groups": "1*, 2*", "max": 45.0},
                {"rule": "peak-week", "groups": "3*", "enabled": off},
                {"rule": None, "groups": None},  # a row added and left empty
            ]
        )
        overrides = pd.concat([form.overrides, added], ignore_index=True)
        _, config = form_to_toml(dataclasses.replace(form, overrides=overrides), sample)
        homework = config.rules["homework-per-day"]
        assert homework.settings_for("1A") is not None
        assert homework.settings_for("1A")["max"] == 45  # type: ignore[index]
        assert homework.settings_for("4H1")["max"] == 60  # type: ignore[index]
        assert config.rules["peak-week"].settings_for("3A") is None
        assert config.rules["tests-per-week"].overrides == sample.rules["tests-per-week"].overrides


def test_calendar_rows_with_dates_as_the_editor_returns_them(sample: SchoolConfig) -> None:
    form = to_form(sample, "nl")
    weeks = pd.concat(
        [
            form.test_weeks,
            pd.DataFrame(
                [
                    {
                        "name": "Toetsweek 3",
                        "start": pd.Timestamp("2026-06-22"),
                        "end": "2026-06-26",
                        "groups": "",
                        "session_kinds": "proefwerk, so",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    days_off = pd.DataFrame({"date": [dt.date(2026, 5, 15), None]})
    _, config = form_to_toml(dataclasses.replace(form, test_weeks=weeks, days_off=days_off), sample)
    assert config.test_weeks[-1].name == "Toetsweek 3"
    assert (config.test_weeks[-1].start, config.test_weeks[-1].end) == (
        dt.date(2026, 6, 22),
        dt.date(2026, 6, 26),
    )
    assert config.test_weeks[-1].groups == ("*",)
    assert config.test_weeks[-1].session_kinds == ("proefwerk", "so")
    assert config.test_weeks[0].session_kinds == ()  # an empty cell: every test kind
    text = to_toml(config)
    assert text.count("session_kinds") == 1
    assert parse_config(tomllib.loads(text)).test_weeks == config.test_weeks
    assert config.days_off == (dt.date(2026, 5, 15),)


def test_school_inputs(sample: SchoolConfig) -> None:
    form = dataclasses.replace(
        to_form(sample, "nl"), name="Ander College", region="noord", start=None, end=None
    )
    _, config = form_to_toml(form, sample)
    assert (config.name, config.region, config.start, config.end) == (
        "Ander College",
        "noord",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (("rules", "tests-per-week", "max", -1.0), "rules.tests-per-week.max"),
        (("rules", "duplicate", "max", 2.0), "rules.duplicate.max"),
        (("rules", "after-holiday", "days", 1.5), "rules.after-holiday.days"),
        (("rules", "tests-per-day", "severity", "fatal"), "rules.tests-per-day.severity"),
        (("test_weeks", 0, "start", "volgende week"), "calendar.test_weeks[0].start"),
        (("test_weeks", 1, "end", None), "calendar.test_weeks[1].end"),
        (("test_weeks", 0, "end", "2026-01-01"), "calendar.test_weeks[0].end"),
    ],
)
def test_a_bad_edit_names_its_key(
    sample: SchoolConfig, change: tuple[object, ...], key: str
) -> None:
    table, row, column, value = change
    form = to_form(sample, "en")
    frame = getattr(form, str(table)).copy()
    index = frame.index[frame["rule"] == row][0] if table == "rules" else row
    frame[column] = frame[column].astype("object")
    frame.loc[index, column] = value
    with pytest.raises(ConfigError) as caught:
        form_to_toml(dataclasses.replace(form, **{str(table): frame}), sample)
    assert caught.value.column == key
    assert key in caught.value.one_line("nl")


def test_an_override_needs_groups(sample: SchoolConfig) -> None:
    form = to_form(sample, "en")
    overrides = form.overrides.copy()
    overrides.loc[0, "groups"] = ""
    with pytest.raises(ConfigError) as caught:
        form_to_toml(dataclasses.replace(form, overrides=overrides), sample)
    assert caught.value.column == "rules.tests-per-week.overrides[0].groups"


def test_parse_and_decode_errors_are_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"upload\.toml"):
        parse_toml("[school\nname = 1", "upload.toml")
    with pytest.raises(ConfigError) as caught:
        parse_toml("[rules.tests-per-day]\nmaxx = 3\n", "upload.toml")
    assert caught.value.column == "rules.tests-per-day.maxx"
    with pytest.raises(ConfigError):
        decode_toml("naam = 'é'".encode("latin-1"), "upload.toml")
    assert decode_toml(b"\xef\xbb\xbfa = 1", "x") == "a = 1"
