"""The school calendar against the published 2025-2026 Dutch school holidays of each region."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from planner.config import parse_config
from planner.school_calendar import SchoolCalendar

D = dt.date

# Rijksoverheid, "Schoolvakanties 2025-2026" (Saturday to Sunday, weekends included).
PUBLISHED = {
    "noord": [
        ("2025-10-18", "2025-10-26"),
        ("2025-12-20", "2026-01-04"),
        ("2026-02-21", "2026-03-01"),
        ("2026-04-25", "2026-05-03"),
        ("2026-07-04", None),  # zomervakantie starts before the end of the period
    ],
    "midden": [
        ("2025-10-18", "2025-10-26"),
        ("2025-12-20", "2026-01-04"),
        ("2026-02-14", "2026-02-22"),
        ("2026-04-25", "2026-05-03"),
        ("2026-07-18", None),
    ],
    "zuid": [
        ("2025-10-11", "2025-10-19"),
        ("2025-12-20", "2026-01-04"),
        ("2026-02-14", "2026-02-22"),
        ("2026-04-25", "2026-05-03"),
        ("2026-07-11", None),
    ],
}


def calendar(region: str = "midden", **calendar_keys: object) -> SchoolCalendar:
    data = {
        "school": {"region": region},
        "calendar": {"start": D(2025, 9, 1), "end": D(2026, 7, 31), **calendar_keys},
    }
    return SchoolCalendar(parse_config(data, "test.toml"))


@pytest.mark.parametrize("region", sorted(PUBLISHED))
def test_long_breaks_are_the_published_school_holidays(region: str) -> None:
    cal = calendar(region)
    breaks = cal.breaks[cal.breaks["length"] >= 7]
    breaks = breaks[breaks["start"] >= pd.Timestamp("2025-09-01")]
    found = [(b.start.date().isoformat(), b.end.date().isoformat()) for b in breaks.itertuples()]
    expected = PUBLISHED[region]
    assert [s for s, _ in found] == [s for s, _ in expected]
    for (_, end), (_, want) in zip(found, expected, strict=True):
        if want is not None:
            assert end == want


@pytest.mark.parametrize("region", sorted(PUBLISHED))
def test_no_school_day_in_a_published_holiday(region: str) -> None:
    cal = calendar(region)
    days = set(cal.school_days.date)
    for start, end in PUBLISHED[region]:
        last = D.fromisoformat(end) if end else D(2026, 7, 31)
        holiday = pd.date_range(start, last).date
        assert not days.intersection(holiday), (region, start)


def test_public_holidays_are_not_school_days() -> None:
    days = set(calendar().school_days.date)
    for day in (D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 14), D(2026, 5, 25)):
        assert day not in days
    assert D(2026, 4, 2) in days
    assert D(2026, 5, 13) in days


def test_school_days_are_weekdays_within_the_period() -> None:
    cal = calendar()
    assert cal.school_days[0].date() == D(2025, 9, 1)
    assert (cal.school_days.day_of_week < 5).all()
    assert cal.school_days[-1].date() == D(2026, 7, 17)  # zomervakantie midden from 18 jul
    # Weekdays minus 5 holiday weeks (herfst, 2x kerst, voorjaar, mei) and 4 public holidays on
    # weekdays outside them (Goede Vrijdag, tweede paasdag, Hemelvaart, tweede pinksterdag).
    weekdays = pd.bdate_range("2025-09-01", "2026-07-17")
    assert len(cal.school_days) == len(weekdays) - 5 * 5 - 4 == 201


def test_days_off_and_extra_holidays_are_no_school_days() -> None:
    cal = calendar(
        days_off=[D(2026, 2, 13)],
        holidays=[{"name": "Extra meivakantie", "start": D(2026, 4, 20), "end": D(2026, 4, 24)}],
    )
    days = set(cal.school_days.date)
    assert D(2026, 2, 13) not in days
    assert not days.intersection(pd.date_range("2026-04-20", "2026-04-24").date)
    assert cal.holiday_name(D(2026, 2, 13)) == "studiedag"
    assert cal.holiday_name(D(2026, 4, 21)) == "Extra meivakantie"
    # The extra week joins the meivakantie into one break of two weeks and two weekends.
    may = cal.breaks[cal.breaks["start"] == pd.Timestamp("2026-04-18")]
    assert may["length"].tolist() == [16]


def test_a_day_off_on_friday_before_the_holiday_joins_the_break() -> None:
    cal = calendar(days_off=[D(2026, 2, 13)])
    spring = cal.breaks[cal.breaks["end"] == pd.Timestamp("2026-02-22")]
    assert spring["start"].dt.date.tolist() == [D(2026, 2, 13)]
    assert spring["length"].tolist() == [10]


def test_school_days_after_and_before() -> None:
    cal = calendar()
    # After the kerstvakantie: ma 5 and di 6 januari.
    assert cal.school_days_after(D(2026, 1, 4), 2) == [D(2026, 1, 5), D(2026, 1, 6)]
    # Across a weekend and Goede Vrijdag / tweede paasdag.
    assert cal.school_days_after(D(2026, 4, 2), 2) == [D(2026, 4, 7), D(2026, 4, 8)]
    assert cal.school_days_before(D(2026, 4, 7), 2) == [D(2026, 4, 1), D(2026, 4, 2)]
    assert cal.school_days_before(D(2025, 9, 2), 5) == [D(2025, 9, 1)]


def test_school_index_counts_school_days_only() -> None:
    cal = calendar()
    dates = pd.Series(pd.to_datetime(["2025-09-01", "2025-09-05", "2025-09-06", "2025-09-08"]))
    index = cal.school_index(dates)
    assert index.iloc[0] == 0
    assert index.iloc[1] == 4
    assert pd.isna(index.iloc[2])  # a Saturday
    assert index.iloc[3] == 5  # Monday follows Friday directly


def test_test_weeks_apply_to_their_groups_only() -> None:
    cal = calendar(
        test_weeks=[
            {
                "name": "Toetsweek 2",
                "start": D(2026, 1, 26),
                "end": D(2026, 1, 30),
                "groups": ["4*", "5*"],
            }
        ]
    )
    days = cal.test_week_days(["2A", "4H1", "4h.wisB", "5V1", "6V1"])
    assert sorted(days["group"].unique()) == ["4H1", "4h.wisB", "5V1"]
    assert len(days) == 15
    spans = cal.test_week_spans(["4H1"])
    assert spans["last"].iloc[0] - spans["first"].iloc[0] == 4


def test_makeup_days_per_group_and_only_on_school_days() -> None:
    cal = calendar(
        makeup_days=[
            {"date": D(2026, 2, 4), "groups": ["4*"]},
            {"date": D(2026, 2, 7), "groups": ["*"]},  # a Saturday: no make-up moment
        ]
    )
    days = cal.makeup_days(["2A", "4H1"])
    assert days["group"].tolist() == ["4H1"]
    assert days["date"].dt.date.tolist() == [D(2026, 2, 4)]


def test_holiday_names_follow_the_school_language() -> None:
    data = {
        "school": {"language": "en"},
        "calendar": {"start": D(2025, 9, 1), "end": D(2026, 7, 17)},
    }
    cal = SchoolCalendar(parse_config(data))
    assert "Christmas" in cal.holiday_name(D(2025, 12, 29))
    assert "Kerst" in calendar().holiday_name(D(2025, 12, 29))


def test_holiday_names_follow_the_language_of_the_check() -> None:
    from planner.check import check
    from planner.importers.common import finalize
    from planner.model import Plan

    config = parse_config({"calendar": {"start": D(2025, 9, 1), "end": D(2026, 7, 17)}})
    raw = pd.DataFrame(
        {"date": ["2025-12-29"], "group": ["2A"], "subject": ["wiskunde"], "kind": ["PW"]}
    )
    table, _ = finalize(raw, "t.csv", config)
    (nl,) = check(Plan(table), config, lang="nl").findings
    (en,) = check(Plan(table), config, lang="en").findings
    assert "Kerstvakantie" in nl.message
    assert "Christmas" in en.message


def test_break_names_are_stable_on_a_tie() -> None:
    # Easter weekend: vr Goede vrijdag, za, zo Eerste paasdag, ma Tweede paasdag.
    names = {calendar().breaks.set_index("start").loc["2026-04-03", "name"] for _ in range(3)}
    assert names == {"Goede vrijdag"}
