"""The overview: weighted test load per group per week, with the weeks that break a rule, and
the key figures of the plan."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from planner.check import CheckResult, effective_config, prepare
from planner.config import SchoolConfig
from planner.model import SEVERITY_RANKS, Plan


def iso_week(days: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """ISO week as a number: 202611 for week 11 of 2026."""
    iso = pd.DatetimeIndex(days).isocalendar()
    out: np.ndarray = iso["year"].to_numpy(dtype="int64") * 100 + iso["week"].to_numpy("int64")
    return out


def weeks_of(config: SchoolConfig) -> pd.DataFrame:
    """Every ISO week of the period: week, monday, school_days (0 in a holiday week)."""
    from planner.school_calendar import SchoolCalendar

    calendar = SchoolCalendar(config)
    assert config.start is not None and config.end is not None
    start = pd.Timestamp(config.start)
    mondays = pd.date_range(start - pd.Timedelta(days=start.weekday()), config.end, freq="7D")
    weeks = pd.DataFrame({"week": iso_week(mondays), "monday": mondays.astype("datetime64[us]")})
    school = pd.Series(iso_week(calendar.school_days)).value_counts()
    weeks["school_days"] = weeks["week"].map(school).fillna(0).astype("int64")
    return weeks


def week_grid(plan: Plan, config: SchoolConfig, findings: pd.DataFrame) -> pd.DataFrame:
    """One row per group and ISO week of the period: `load` (weighted tests), `tests`,
    `homework` (minutes), `severity` of the worst group finding in that week ('' for none),
    `findings` (how many), `school_days` and `test_week` (the name, '' outside one)."""
    config = effective_config(plan, config)
    weeks = weeks_of(config)
    groups = sorted(plan.assessments["group"].unique().tolist())
    grid = pd.DataFrame(
        {
            "group": np.repeat(groups, len(weeks)),
            "week": np.tile(weeks["week"].to_numpy(), len(groups)),
        }
    ).astype({"group": "str"})
    grid = grid.merge(weeks, on="week")
    if groups:
        rows, calendar = prepare(plan, config)
        sums = rows.groupby(["group", "week"], as_index=False).agg(
            load=("test_weight", "sum"),
            tests=("is_test", "sum"),
            homework=("hw_minutes", "sum"),
        )
        grid = grid.merge(sums, on=["group", "week"], how="left")
        tw = calendar.test_week_days(groups)
        tw = tw.assign(week=iso_week(tw["date"]))[["group", "week", "test_week"]]
        grid = grid.merge(tw.drop_duplicates(["group", "week"]), on=["group", "week"], how="left")
    else:
        grid = grid.assign(load=0.0, tests=0, homework=0.0, test_week="")
    grid["load"] = grid["load"].fillna(0.0)
    grid["tests"] = grid["tests"].fillna(0).astype("int64")
    grid["homework"] = grid["homework"].fillna(0.0)
    grid["test_week"] = grid["test_week"].fillna("").astype("str")
    marks = _finding_weeks(findings)
    grid = grid.merge(marks, on=["group", "week"], how="left")
    grid["severity"] = grid["severity"].fillna("").astype("str")
    grid["findings"] = grid["findings"].fillna(0).astype("int64")
    return grid.sort_values(["group", "week"], ignore_index=True)


def _finding_weeks(findings: pd.DataFrame) -> pd.DataFrame:
    """Group findings (not pupils') spread over the ISO weeks they touch."""
    empty = pd.DataFrame(
        {"group": pd.Series([], dtype="str"), "week": pd.Series([], dtype="int64"),
         "severity": pd.Series([], dtype="str"), "findings": pd.Series([], dtype="int64")}
    )  # fmt: skip
    if findings.empty:
        return empty
    groups = findings[findings["pupil"].isna()]
    if groups.empty:
        return empty
    start = pd.to_datetime(groups["start"])
    end = pd.to_datetime(groups["end"])
    # a finding spans at most a few weeks: one row per Monday it touches
    n = ((end - (start - pd.to_timedelta(start.dt.day_of_week, unit="D"))).dt.days // 7 + 1).clip(1)
    idx = np.repeat(np.arange(len(groups)), n.to_numpy())
    offset = np.concatenate([np.arange(k) for k in n.to_numpy()]) if len(n) else np.array([])
    mondays = (start - pd.to_timedelta(start.dt.day_of_week, unit="D")).to_numpy()[idx]
    days = pd.DatetimeIndex(mondays) + pd.to_timedelta(offset * 7, unit="D")
    spread = pd.DataFrame(
        {
            "group": groups["group"].to_numpy()[idx],
            "week": iso_week(days),
            "rank": groups["severity"].map(SEVERITY_RANKS).to_numpy()[idx],
        }
    )
    out = spread.groupby(["group", "week"], as_index=False).agg(
        rank=("rank", "max"), findings=("rank", "size")
    )
    names = {rank: name for name, rank in SEVERITY_RANKS.items()}
    out["severity"] = out["rank"].map(names)
    return out.drop(columns="rank").astype({"group": "str", "severity": "str"})


def key_figures(plan: Plan, result: CheckResult, grid: pd.DataFrame) -> dict[str, Any]:
    """The numbers at the top of the overview."""
    kinds = plan.assessments["kind"]
    summary = result.summary
    busiest = (
        grid[grid["school_days"] > 0]
        .groupby(["week", "monday"], as_index=False)
        .agg(errors=("severity", lambda s: int((s == "error").sum())), load=("load", "sum"))
    )
    worst: dict[str, Any] | None = None
    if not busiest.empty and (busiest["errors"].max() > 0 or busiest["load"].max() > 0):
        top = busiest.sort_values(["errors", "load"], ascending=False).iloc[0]
        worst = {
            "week": int(top["week"]),
            "monday": pd.Timestamp(top["monday"]).date(),
            "groups_with_errors": int(top["errors"]),
            "load": float(top["load"]),
        }
    return {
        "assessments": len(plan.assessments),
        "tests": int(grid["tests"].sum()),
        "homework": int(len(kinds) - grid["tests"].sum()),
        "groups": summary["groups"],
        "pupils": summary["pupils"],
        "errors": summary["errors"],
        "warnings": summary["warnings"],
        "infos": summary["infos"],
        "worst_week": worst,
    }
