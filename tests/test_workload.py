"""planner.workload: load per group and per pupil per day and per ISO week."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import enriched, make_config, make_members, make_plan, random_config, random_plan

from planner.workload import Members, load_per_day, load_per_week

COLUMNS = ["load", "tests", "heavy", "homework_minutes", "assessments"]

# 2A: di 10 mrt a proefwerk, an SO and 30 minutes of homework; wo 11 mrt an SO.
# 2.lat (a cluster): di 10 mrt a proefwerk; ma 16 mrt (week 12) a proefwerk with 20 minutes.
ROWS = [
    ("2026-03-10", "2A", "wiskunde", "PW"),
    ("2026-03-10", "2A", "Engels", "SO"),
    ("2026-03-10", "2A", "Frans", "HW"),
    ("2026-03-11", "2A", "ak", "SO"),
    ("2026-03-10", "2.lat", "Latijn", "PW"),
    ("2026-03-16", "2.lat", "Latijn", "PW"),
]
MINUTES = [None, None, 30, None, None, 20]
# p1 and p4 take Latin (the same combination), p2 does not, p3 is only in the cluster.
MEMBERS = [
    ("p1", "2A"),
    ("p1", "2.lat"),
    ("p2", "2A"),
    ("p3", "2.lat"),
    ("p4", "2.lat"),
    ("p4", "2A"),
]


@pytest.fixture
def rows():
    config = make_config()
    return enriched(make_plan(ROWS, config, minutes=MINUTES), config)


@pytest.fixture
def members():
    return Members.from_frame(make_members(MEMBERS))


def as_dict(frame: pd.DataFrame, key: str) -> dict[tuple[str, object], tuple[float, ...]]:
    """{(group or pupil, day/week): (load, tests, heavy, homework_minutes, assessments)}."""
    out = {}
    for rec in frame.to_dict("records"):
        who = rec["group"] if rec["pupil"] is None else rec["pupil"]
        when = rec[key].date().isoformat() if key == "day" else int(rec[key])
        assert (who, when) not in out
        out[who, when] = tuple(float(rec[c]) for c in COLUMNS)
    return out


GROUP_DAYS = {
    ("2A", "2026-03-10"): (1.5, 2, 1, 30, 3),
    ("2A", "2026-03-11"): (0.5, 1, 0, 0, 1),
    ("2.lat", "2026-03-10"): (1.0, 1, 1, 0, 1),
    ("2.lat", "2026-03-16"): (1.0, 1, 1, 20, 1),
}
BOTH_DAYS = {
    "2026-03-10": (2.5, 3, 2, 30, 4),
    "2026-03-11": (0.5, 1, 0, 0, 1),
    "2026-03-16": (1.0, 1, 1, 20, 1),
}


def test_per_day_per_group(rows):
    frame = load_per_day(rows)
    assert list(frame.columns) == ["group", "pupil", "day", *COLUMNS]
    assert frame["pupil"].isna().all()
    assert as_dict(frame, "day") == GROUP_DAYS


def test_per_day_per_pupil_is_the_sum_over_their_groups(rows, members):
    frame = load_per_day(rows, members)
    got = as_dict(frame, "day")
    expected = dict(GROUP_DAYS)
    for pupil in ("p1", "p4"):
        expected.update({(pupil, day): v for day, v in BOTH_DAYS.items()})
    for pupil, group in (("p2", "2A"), ("p3", "2.lat")):
        expected.update({(pupil, day): v for (g, day), v in GROUP_DAYS.items() if g == group})
    assert got == expected
    pupils = frame[frame["pupil"].notna()]
    assert pupils["group"].isna().all()
    # Groups first, then pupils; each sorted by name and day.
    assert frame["pupil"].notna().tolist() == [False] * 4 + [True] * 10
    assert pupils["pupil"].tolist() == sorted(pupils["pupil"])


def test_per_week_per_group_and_pupil(rows, members):
    assert as_dict(load_per_week(rows), "week") == {
        ("2A", 202611): (2.0, 3, 1, 30, 4),
        ("2.lat", 202611): (1.0, 1, 1, 0, 1),
        ("2.lat", 202612): (1.0, 1, 1, 20, 1),
    }
    got = as_dict(load_per_week(rows, members), "week")
    assert got["p1", 202611] == (3.0, 4, 2, 30, 5)
    assert got["p1", 202612] == (1.0, 1, 1, 20, 1)
    assert got["p4", 202611] == got["p1", 202611]
    assert got["p2", 202611] == (2.0, 3, 1, 30, 4)
    assert ("p2", 202612) not in got
    assert got["p3", 202611] == (1.0, 1, 1, 0, 1)
    assert len(got) == 3 + 7


def test_week_load_includes_test_week_days():
    config = make_config(
        calendar="""
[[calendar.test_weeks]]
start = 2026-03-09
end = 2026-03-13
groups = ["2*"]
"""
    )
    rows = enriched(make_plan(ROWS, config, minutes=MINUTES), config)
    assert rows["in_test_week"].tolist() == [True, True, True, True, True, False]
    week = as_dict(load_per_week(rows), "week")
    assert week["2A", 202611] == (2.0, 3, 1, 30, 4)


def test_weights_from_the_plan(members):
    config = make_config()
    plan = make_plan(ROWS, config, minutes=MINUTES, weight=[2, None, None, "0,25", None, None])
    rows = enriched(plan, config)
    day = as_dict(load_per_day(rows, members), "day")
    assert day["2A", "2026-03-10"][0] == 2.5
    assert day["p1", "2026-03-10"][0] == 3.5
    assert day["p1", "2026-03-11"][0] == 0.25


def test_pupil_load_needs_memberships(rows):
    from planner.workload import entity_rows

    with pytest.raises(ValueError, match="memberships"):
        entity_rows(rows, None, "combo")


def test_members_fold_into_combinations(members):
    assert members.count == 4
    combos = members.combos()
    assert sorted(zip(combos["group"], combos["pupils"], strict=True)) == [
        ("2.lat", 1),
        ("2.lat, 2A", 2),
        ("2A", 1),
    ]


def test_empty_plan():
    config = make_config()
    rows = enriched(make_plan([], config), config)
    assert load_per_day(rows).empty
    assert load_per_week(rows, Members.from_frame(make_members(MEMBERS))).empty


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("key", ["day", "week"])
def test_matches_a_plain_reference_on_random_plans(seed, key):
    config = random_config()
    plan, members_frame = random_plan(seed)
    rows = enriched(plan, config)
    frame = (load_per_day if key == "day" else load_per_week)(
        rows, Members.from_frame(members_frame)
    )
    groups_of = {}
    for pupil, group in zip(members_frame["pupil"], members_frame["group"], strict=True):
        groups_of.setdefault(pupil, set()).add(group)
    entities = {g: {g} for g in set(rows["group"])} | groups_of
    expected = {}
    for who, groups in entities.items():
        for rec in rows[rows["group"].isin(groups)].to_dict("records"):
            when = rec[key].date().isoformat() if key == "day" else int(rec[key])
            total = expected.setdefault((who, when), [0.0] * 5)
            for i, value in enumerate(
                (rec["test_weight"], rec["is_test"], rec["is_heavy"], rec["hw_minutes"], 1)
            ):
                total[i] += float(value)
    assert as_dict(frame, key) == {k: tuple(v) for k, v in expected.items()}


def test_a_kind_the_config_does_not_know_is_no_test():
    # The plan was read with the default kinds; the school's config only knows "toets".
    plan = make_plan(ROWS, make_config(), minutes=MINUTES)
    config = make_config('[kinds.toets]\naliases = ["PW"]\nweight = 1.0\nheavy = true')
    rows = enriched(plan, config)
    assert rows["is_test"].tolist() == [False] * 6
    assert rows["is_heavy"].tolist() == [False] * 6
    assert rows["test_weight"].tolist() == [0.0] * 6
