"""Every word a user reads exists in Dutch and English, with the same placeholders."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from planner.errors import ConfigError, InvalidInput
from planner.i18n import MESSAGES, Msg, fmt_date, fmt_num, fmt_week


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    texts = MESSAGES[key]
    assert set(texts) == {"nl", "en"}
    assert texts["nl"] != texts["en"] or key in {"period"}
    assert placeholders(texts["nl"]) == placeholders(texts["en"])


def test_dates_and_numbers_the_dutch_way() -> None:
    day = dt.date(2026, 3, 10)
    assert fmt_date(day, "nl") == "di 10 mrt"
    assert fmt_date(day, "en", year=True) == "Tue 10 Mar 2026"
    assert fmt_week(day, "nl") == "week 11 (9-13 mrt)"
    assert fmt_week(dt.date(2026, 3, 31), "en") == "week 14 (30 Mar - 3 Apr)"
    assert (fmt_num(2.5, "nl"), fmt_num(2.5, "en"), fmt_num(3.0, "nl")) == ("2,5", "2.5", "3")


def test_errors_render_in_the_language_asked() -> None:
    error = InvalidInput(Msg("file_not_found"), source="plan.csv")
    assert error.one_line("nl") == "plan.csv: bestand niet gevonden"
    assert error.one_line("en") == "plan.csv: file not found"
    config = ConfigError(Msg("a_number"), source="school.toml", column="rules.x.max", value="y")
    assert config.one_line("nl") == (
        "school.toml, sleutel 'rules.x.max', waarde 'y': moet een getal zijn"
    )
    with pytest.raises(KeyError):
        Msg("no-such-message")
