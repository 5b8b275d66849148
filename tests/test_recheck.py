"""`recheck`: checking only the groups (and their pupils) whose rows changed gives exactly the
findings of a full check, for uploads, moves, deletions and additions."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from planner import check, load_config, read_members, read_plan
from planner.check import CheckResult, _sorted, changed_groups, recheck
from planner.config import SchoolConfig
from planner.model import Plan
from planner.school_calendar import SchoolCalendar

SAMPLE = Path(__file__).parent.parent / "sample_data"


@pytest.fixture(scope="module")
def school() -> tuple[SchoolConfig, Plan, pd.DataFrame, CheckResult]:
    config = load_config(SAMPLE / "school.toml")
    plan = read_plan([SAMPLE / "plan.csv"], config)
    members, _ = read_members(SAMPLE / "members.csv")
    return config, plan, members, check(plan, config, members=members)


def comparable(result: CheckResult) -> pd.DataFrame:
    frame = result.frame.assign(assessments=result.frame["assessments"].map(" ".join))
    frame = frame.assign(pupil=frame["pupil"].fillna(""))
    return frame.sort_values(list(frame.columns), ignore_index=True)


def edited(plan: Plan, config: SchoolConfig, seed: int) -> Plan:
    """Moves, deletions, a kind change and additions, in a few groups."""
    return edited_groups(plan, config, seed)[0]


def edited_groups(plan: Plan, config: SchoolConfig, seed: int) -> tuple[Plan, list[str]]:
    """`edited` and the groups it edited."""
    rng = random.Random(seed)
    table = plan.assessments.copy()
    days = list(SchoolCalendar(config).school_days)
    groups = sorted(table["group"].unique())
    chosen = rng.sample(groups, rng.randint(1, 4))
    rows = table.index[table["group"].isin(chosen)].tolist()
    for i in rng.sample(rows, min(len(rows), 15)):
        table.loc[i, "date"] = pd.Timestamp(rng.choice(days))
    table = table.drop(rng.sample(rows, 3))
    table.loc[rng.choice(table.index[table["group"].isin(chosen)].tolist()), "kind"] = "proefwerk"
    extra = table[table["group"].isin(chosen)].sample(5, random_state=seed)
    extra = extra.assign(id=[f"new{seed}-{n}" for n in range(5)], date=extra["date"])
    return Plan(pd.concat([table, extra], ignore_index=True)), chosen


@pytest.mark.parametrize("seed", range(6))
def test_recheck_equals_a_full_check(
    school: tuple[SchoolConfig, Plan, pd.DataFrame, CheckResult], seed: int
) -> None:
    config, plan, members, before = school
    after = edited(plan, config, seed)
    full = check(after, config, members=members)
    fast = recheck(before, plan, after, config, members=members)
    pd.testing.assert_frame_equal(comparable(fast), comparable(full))
    # and in the same order, so reports do not depend on how the result was made
    pd.testing.assert_frame_equal(fast.frame, full.frame)
    assert fast.summary == full.summary
    assert not comparable(full).equals(comparable(before))  # the edits did change findings


def test_recheck_of_an_unchanged_plan_is_the_previous_result(
    school: tuple[SchoolConfig, Plan, pd.DataFrame, CheckResult],
) -> None:
    config, plan, members, before = school
    again = Plan(plan.assessments.sample(frac=1, random_state=1))  # same rows, other order
    assert changed_groups(plan.assessments, again.assessments) == set()
    fast = recheck(before, plan, again, config, members=members)
    pd.testing.assert_frame_equal(comparable(fast), comparable(before))


def test_changed_groups_counts_repeated_rows() -> None:
    table = pd.DataFrame({"group": ["2A", "2B"], "date": ["x", "y"], "source": ["a", "b"]})
    twice = pd.concat([table, table.iloc[:1]], ignore_index=True)
    assert changed_groups(table, twice) == {"2a"}
    assert changed_groups(table, table.assign(source="c")) == set()


@pytest.mark.parametrize("seed", range(3))
def test_recheck_within_the_edited_groups_equals_a_full_check(
    school: tuple[SchoolConfig, Plan, pd.DataFrame, CheckResult], seed: int
) -> None:
    """An editor that says which groups it touched (and one more) gets the full check."""
    config, plan, members, before = school
    after, chosen = edited_groups(plan, config, seed)
    within = {g.casefold() for g in chosen} | {"1a"}
    full = check(after, config, members=members)
    fast = recheck(before, plan, after, config, members=members, within=within)
    pd.testing.assert_frame_equal(fast.frame, full.frame)
    # it trusts the caller: told that only an untouched group may differ, it re-checks nothing
    kept = recheck(before, plan, after, config, members=members, within={"no-such-group"})
    pd.testing.assert_frame_equal(kept.frame, before.frame)


def test_findings_are_sorted_the_same_whatever_order_they_come_in(
    school: tuple[SchoolConfig, Plan, pd.DataFrame, CheckResult],
) -> None:
    before = school[3]
    for seed in range(3):
        shuffled = before.frame.sample(frac=1, random_state=seed)
        pd.testing.assert_frame_equal(_sorted(shuffled), before.frame)
    # rows alike in every key but the message are ordered by the message
    tied = before.frame.head(3).assign(
        start=before.frame["start"].iloc[0],
        end=before.frame["end"].iloc[0],
        message=["c", "a", "b"],
    )
    tied = tied.assign(**{c: tied[c].iloc[0] for c in ("rule", "group", "severity", "pupil")})
    assert _sorted(tied)["message"].tolist() == ["a", "b", "c"]
