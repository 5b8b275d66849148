"""Where a new test fits (planner.fit): each day's findings are exactly those `planner check`
reports with the test added on that day that involve the test."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import check, load_config, read_members, read_plan
from planner.config import SchoolConfig, parse_config
from planner.errors import InvalidInput
from planner.fit import (
    CLOSED,
    ERROR,
    OK,
    TEST_ID,
    DayFit,
    Proposal,
    fit,
    next_monday,
    resolve,
    school_week_days,
    with_test,
)
from planner.model import Plan
from tests.conftest import (
    RANDOM_CLASSES,
    RANDOM_CLUSTERS,
    make_config,
    make_members,
    make_plan,
    random_config,
    random_plan,
)

SAMPLE = Path(__file__).parent.parent / "sample_data"
FIELDS = ("rule", "severity", "group", "pupil", "start", "end", "value", "limit", "message")


def normalised(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """Findings as comparable rows (the order of a finding's tests is presentation)."""
    rows = [
        (*(str(r[c]) for c in FIELDS), str(sorted(map(str, r["assessments"]))))
        for r in frame.to_dict("records")
    ]
    return sorted(rows)


def what_check_says(
    plan: Plan,
    config: SchoolConfig,
    proposal: Proposal,
    day: dt.date,
    members: pd.DataFrame | None,
) -> pd.DataFrame:
    """The oracle: a full check with the test added, narrowed to the findings about it."""
    proposal = resolve(proposal, plan, config, members)
    frame = check(with_test(plan, proposal, day, config), config, members=members).frame
    ids = {TEST_ID.format(group=g) for g in proposal.groups}
    return frame[frame["assessments"].map(lambda a: bool(ids & set(map(str, a))))]


def assert_as_check_says(
    plan: Plan,
    config: SchoolConfig,
    proposal: Proposal,
    days: list[dt.date],
    members: pd.DataFrame | None,
) -> list[DayFit]:
    result = fit(plan, config, proposal, days, members=members)
    assert [r.date for r in result] == sorted(days)
    for day_fit in result:
        expected = what_check_says(plan, config, proposal, day_fit.date, members)
        assert normalised(day_fit.findings) == normalised(expected), day_fit.date
    return result


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    groups=st.lists(
        st.sampled_from(RANDOM_CLASSES + RANDOM_CLUSTERS), min_size=1, max_size=3, unique=True
    ),
    kind=st.sampled_from(["PW", "SO", "PO", "HW"]),
    with_members=st.booleans(),
)
def test_each_day_is_what_check_says_on_random_plans(
    seed: int, groups: list[str], kind: str, with_members: bool
) -> None:
    # weeks 11-14 of 2026: the random plan's three weeks (a test week at the end of the
    # third) and the week after them
    plan, members = random_plan(seed)
    days = school_week_days(dt.date(2026, 3, 9), 4)
    proposal = Proposal(tuple(groups), "wi", kind, minutes=30 if kind == "HW" else None)
    assert_as_check_says(plan, random_config(), proposal, days, members if with_members else None)


STRICT = """
[rules.tests-per-day]
max = 1
[rules.after-holiday]
days = 3
[rules.makeup-room]
days = 4
[[calendar.makeup_days]]
date = 2026-03-20
groups = ["4H*"]
"""


def test_holidays_quiet_periods_and_make_up_days_as_check_says() -> None:
    # Around the spring holiday (14-22 Feb) and into the random plan's weeks, with stricter
    # rules: closed days, the days after the holiday, make-up room.
    plan, members = random_plan(3, n_rows=90)
    config = parse_config(
        tomllib.loads(
            "[school]\nname = 'T'\nregion = 'midden'\nlanguage = 'nl'\n"
            "[calendar]\nstart = 2025-09-01\nend = 2026-07-17\n"
            "[[calendar.test_weeks]]\nname = 'Toetsweek'\nstart = 2026-03-25\n"
            "end = 2026-03-27\ngroups = ['4H1', '4h.wis*']\n" + STRICT
        ),
        "strict.toml",
    )
    days = school_week_days(dt.date(2026, 2, 9), 2) + school_week_days(dt.date(2026, 3, 16), 2)
    result = assert_as_check_says(plan, config, Proposal(("4H1",), "wi", "PW"), days, members)
    verdicts = {r.date: r.verdict for r in result}
    assert {verdicts[dt.date(2026, 2, d)] for d in range(16, 21)} == {CLOSED}  # the holiday


def test_a_day_that_widens_the_period_of_a_config_without_a_school_year() -> None:
    # Without start and end the check's period runs from the first to the last test: a day
    # after the plan's last test moves the end (and with it the make-up room at the end).
    config = parse_config(
        tomllib.loads("[school]\nname = 'T'\nregion = 'midden'\nlanguage = 'nl'\n"), "t.toml"
    )
    plan = make_plan([("2026-03-10", "2A", "wi", "PW"), ("2026-03-12", "2A", "en", "SO")], config)
    days = school_week_days(dt.date(2026, 3, 2), 3)
    assert_as_check_says(plan, config, Proposal(("2A",), "fa", "PW"), days, None)


def test_the_sample_school_as_check_says() -> None:
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan([SAMPLE / "plan.csv"], config)
    members, _ = read_members(SAMPLE / "members.csv")
    # the end of the first test week and the recovery after it, for a cluster
    days = school_week_days(dt.date(2026, 1, 26), 2)
    result = assert_as_check_says(
        plan, config, Proposal(("4v.bio",), "biologie", "PW"), days, members
    )
    verdicts = [r.verdict for r in result]
    assert ERROR in verdicts and OK in verdicts
    # the pupils counted are the cluster's pupils in the findings
    worst = next(r for r in result if r.verdict == ERROR)
    cluster = set(members.loc[members["group"] == "4v.bio", "pupil"])
    assert 0 < worst.pupils <= len(cluster)
    # a parallel test for four classes at once
    classes = Proposal(("3H1", "3H2", "3V1", "3V2"), "biologie", "PW")
    assert_as_check_says(plan, config, classes, school_week_days(dt.date(2026, 2, 2), 1), members)


def test_verdicts_counts_and_reasons() -> None:
    config = make_config("[rules.tests-per-day]\nmax = 1\n")
    plan = make_plan([("2026-03-10", "2A", "en", "PW"), ("2026-03-11", "2A", "en", "SO")], config)
    members = make_members([("p1", "2A"), ("p2", "2A"), ("p3", "2B")])
    days = [dt.date(2026, 3, 9), dt.date(2026, 3, 10), dt.date(2026, 4, 6)]
    result = {
        r.date: r for r in fit(plan, config, Proposal(("2a",), "wi", "pw"), days, members=members)
    }
    assert result[dt.date(2026, 3, 9)].verdict == OK
    busy = result[dt.date(2026, 3, 10)]
    assert busy.verdict == ERROR and busy.errors >= 1
    assert busy.pupils == 2  # 2A's pupils; p3 is in 2B
    assert any("2A" in reason for reason in busy.reasons)
    easter = result[dt.date(2026, 4, 6)]  # Easter Monday
    assert easter.verdict == CLOSED
    data = busy.to_dict()
    assert set(data) == {"date", "verdict", "errors", "warnings", "pupils", "findings", "reasons"}
    assert data["date"] == "2026-03-10" and data["findings"][0]["rule"]


def test_unknown_group_or_kind_names_the_near_ones() -> None:
    config = make_config()
    plan = make_plan([("2026-03-10", "4H1", "en", "PW")], config)
    with pytest.raises(InvalidInput) as caught:
        fit(plan, config, Proposal(("4H7",), "wi", "PW"), [dt.date(2026, 3, 9)])
    assert "4H1" in caught.value.one_line("en")
    with pytest.raises(InvalidInput) as caught:
        fit(plan, config, Proposal(("4H1",), "wi", "proefwrk"), [dt.date(2026, 3, 9)])
    assert "proefwerk" in caught.value.one_line("en")


def test_days_of_the_weeks_and_the_next_monday() -> None:
    days = school_week_days(dt.date(2026, 3, 11), 2)  # a Wednesday: its week from Monday
    assert days[0] == dt.date(2026, 3, 9) and days[-1] == dt.date(2026, 3, 20) and len(days) == 10
    assert next_monday(dt.date(2026, 3, 11)) == dt.date(2026, 3, 16)
    assert next_monday(dt.date(2026, 3, 16)) == dt.date(2026, 3, 23)


def test_the_same_finding_for_many_pupils_is_one_reason() -> None:
    config = make_config("[rules.tests-per-day]\nmax = 1\n")
    plan = make_plan([("2026-03-10", "2A", "en", "PW"), ("2026-03-12", "fr1", "fr", "SO")], config)
    members = make_members([("p1", "2A"), ("p1", "fr1"), ("p2", "2A"), ("p2", "fr1"), ("p3", "2A")])
    (day,) = fit(
        plan, config, Proposal(("fr1",), "fr", "PW"), [dt.date(2026, 3, 10)], members=members
    )
    assert set(day.findings["pupil"].dropna()) == {"p1", "p2"} and day.pupils == 2
    pupil_reasons = [r for r in day.reasons if "leerling" in r]
    assert len(pupil_reasons) == 1
    assert pupil_reasons[0].startswith("2 leerlingen, bijvoorbeeld: leerling p1 heeft op di 10 mrt")
