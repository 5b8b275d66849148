"""planner.exporters.to_ical: the plan for everyone's calendar, with stable UIDs, read back by
our own importer as the same plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pandas as pd
import pytest
from conftest import make_config, make_plan

from planner import load_config, read_members, read_plan
from planner.config import SchoolConfig
from planner.exporters.to_ical import ical_bytes
from planner.model import Plan

SAMPLE = Path(__file__).parent.parent / "sample_data"
SAME = ["date", "group", "subject", "kind", "title", "teacher", "weight", "minutes", "period"]
SAME += ["start", "end", "announced", "locked", "notes"]


@pytest.fixture(scope="module")
def sample() -> tuple[SchoolConfig, Plan, pd.DataFrame]:
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan([SAMPLE / "plan.csv", SAMPLE / "plan-2a.ics"], config)
    members, _ = read_members(SAMPLE / "members.csv")
    return config, plan, members


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def read_back(data: bytes, config: SchoolConfig, tmp_path: Path) -> Plan:
    path = tmp_path / "export.ics"
    path.write_bytes(data)
    return read_plan([path], config)


def test_the_sample_plan_comes_back_the_same(
    sample: tuple[SchoolConfig, Plan, pd.DataFrame], tmp_path: Path
) -> None:
    config, plan, _ = sample
    data = ical_bytes(plan, config, name="Voorbeeldcollege")
    back = read_back(data, config, tmp_path)
    assert back.problems == []
    original = plan.assessments.sort_values("id").reset_index(drop=True)
    again = back.assessments.sort_values("id").reset_index(drop=True)
    assert again["id"].tolist() == original["id"].tolist()  # UIDs are the ids
    pd.testing.assert_frame_equal(again[SAME], original[SAME], check_dtype=False)


def test_uids_are_the_ids_and_the_file_is_the_same_every_time(
    sample: tuple[SchoolConfig, Plan, pd.DataFrame],
) -> None:
    config, plan, _ = sample
    data = ical_bytes(plan, config, name="Voorbeeldcollege")
    uids = [str(e["UID"]) for e in events(data)]
    assert sorted(uids) == sorted(plan.assessments["id"]) and len(set(uids)) == len(uids)
    assert ical_bytes(plan, config, name="Voorbeeldcollege") == data
    stamped = ical_bytes(plan, config, name="x", stamp=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    assert b"DTSTAMP:20260302T090000Z" in stamped


def test_one_group_and_one_pupil(sample: tuple[SchoolConfig, Plan, pd.DataFrame]) -> None:
    config, plan, members = sample
    table = plan.assessments
    only = ical_bytes(plan, config, name="2A", groups=["2a"])
    assert {str(e["UID"]) for e in events(only)} == set(table.loc[table["group"] == "2A", "id"])
    pupil = members.groupby("pupil")["group"].nunique().idxmax()  # one with clusters
    groups = set(members.loc[members["pupil"] == pupil, "group"].str.casefold())
    assert len(groups) > 1
    mine = ical_bytes(plan, config, name="p", pupil=pupil, members=members)
    expected = set(table.loc[table["group"].str.casefold().isin(groups), "id"])
    assert {str(e["UID"]) for e in events(mine)} == expected and expected


def test_times_in_amsterdam_and_all_day_events(tmp_path: Path) -> None:
    config = make_config()
    plan = make_plan(
        [("2026-03-10", "2A", "wiskunde", "PW"), ("2026-03-11", "2A", "Engels", "SO")],
        config,
        start=["08:30", ""],
        end=["09:20", ""],
        title=["H3, §2; deel 1\nen 2", "Unit 4"],
    )
    data = ical_bytes(plan, config, name="2A")
    calendar = icalendar.Calendar.from_ical(data)
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Europe/Amsterdam"]
    timed, whole_day = events(data)
    assert timed["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert timed["DTSTART"].dt == dt.datetime(2026, 3, 10, 8, 30, tzinfo=timed["DTSTART"].dt.tzinfo)
    assert whole_day["DTSTART"].dt == dt.date(2026, 3, 11)
    assert str(timed["CATEGORIES"].cats[0]) == "proefwerk"
    back = read_back(data, config, tmp_path).assessments.set_index("id")
    assert back.loc["a1", "title"] == "H3, §2; deel 1 en 2"  # one line in the calendar
    assert (back.loc["a1", "start"], back.loc["a1", "end"]) == ("08:30", "09:20")
    assert back.loc["a2", "start"] == ""
