"""Run the school's rule set over a plan: the one entry point the CLI and the dashboard call."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any

import numpy as np
import pandas as pd

from planner.config import SchoolConfig
from planner.i18n import Lang, check_lang
from planner.load import Members
from planner.model import Finding, ImportProblem, Plan, Severity, unify_groups
from planner.rules import REGISTRY
from planner.rules.base import FINDING_COLUMNS, Context, Setup, empty_findings
from planner.school_calendar import SchoolCalendar


@dataclasses.dataclass
class CheckResult:
    """The findings as a table (`frame`, for views and exports) and as objects (`findings`)."""

    frame: pd.DataFrame
    problems: list[ImportProblem]
    summary: dict[str, int]

    @functools.cached_property
    def findings(self) -> list[Finding]:
        """Finding objects, made on first use: a dashboard that only filters the frame never
        pays for tens of thousands of per-pupil objects."""
        return _to_findings(self.frame)

    @property
    def has_errors(self) -> bool:
        return self.summary["errors"] > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "problems": [p.to_dict() for p in self.problems],
            "summary": dict(self.summary),
        }


def effective_config(plan: Plan, config: SchoolConfig) -> SchoolConfig:
    """The config with a start and end: the school year(s) around the plan when not set."""
    dates = plan.assessments["date"]
    if dates.empty:
        today = dt.date(2000, 1, 1)
        return config.with_period(today, today)
    return config.with_period(dates.min().date(), dates.max().date())


# The columns rules read; the rest of the table (titles, teachers, origin) stays behind, which
# keeps every filter and merge in the rules cheap.
RULE_COLUMNS = ("id", "group", "subject", "kind", "announced")


def prepare(
    plan: Plan,
    config: SchoolConfig,
    calendar: SchoolCalendar | None = None,
) -> tuple[pd.DataFrame, SchoolCalendar]:
    """The assessment table narrowed to what the rules read, with per-row facts beside it:
    day, school-day index `sidx`, ISO `week` (202611), is_test, is_heavy, test_weight,
    hw_minutes, and the group's `test_week` ('' outside one)."""
    config = effective_config(plan, config)
    calendar = calendar or SchoolCalendar(config)
    table = plan.assessments
    rows = table[list(RULE_COLUMNS)].copy()
    day = table["date"].dt.normalize()
    rows["day"] = day
    # Facts of a day are computed once per distinct day (a plan has few).
    codes, uniques = pd.factorize(day)
    days = pd.DatetimeIndex(uniques)
    iso = days.isocalendar()
    week = iso["year"].to_numpy(dtype="int64") * 100 + iso["week"].to_numpy(dtype="int64")
    rows["week"] = week[codes] if len(days) else np.zeros(0, dtype="int64")
    sidx = calendar.school_index(pd.Series(days)).to_numpy()
    rows["sidx"] = sidx[codes] if len(days) else np.zeros(0)
    kinds = config.kinds
    # A kind this config does not know (a plan read with another school.toml) is no test:
    # a missing value must not turn into True.
    is_test = table["kind"].map({k: v.test for k, v in kinds.items()}).eq(True)
    is_heavy = table["kind"].map({k: v.heavy for k, v in kinds.items()}).eq(True)
    rows["is_test"] = is_test
    rows["is_heavy"] = is_heavy & is_test
    rows["test_weight"] = table["weight"].where(is_test, 0.0).fillna(0.0)
    rows["hw_minutes"] = table["minutes"].fillna(0.0)
    tw = calendar.test_week_days(rows["group"].unique().tolist())
    if tw.empty:
        rows["test_week"] = ""
    else:
        rows = rows.merge(
            tw.rename(columns={"date": "day"}), on=["group", "day"], how="left", validate="m:1"
        )
        rows["test_week"] = rows["test_week"].fillna("")
    rows["in_test_week"] = rows["test_week"] != ""
    return rows, calendar


def check(
    plan: Plan,
    config: SchoolConfig,
    *,
    members: pd.DataFrame | Members | None = None,
    lang: str | None = None,
    rules: list[str] | None = None,
) -> CheckResult:
    """Every enabled rule over the plan, per group and (with memberships) per pupil.

    `rules` limits the check to those rule ids; an unknown id is a ValueError, so that a typo
    cannot pass for a plan without findings.
    """
    language: Lang = check_lang(lang or config.language)
    unknown = sorted(set(rules or ()) - set(REGISTRY))
    if unknown:
        raise ValueError(f"unknown rule(s) {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    # Holiday names in messages follow the language of the check, not only the school's.
    rows, calendar = prepare(plan, dataclasses.replace(config, language=language))
    if isinstance(members, pd.DataFrame):
        # members.csv may spell a group differently from the plan (`4h.wisb`, `4h.wisB`)
        aligned = members.assign(group=unify_groups(members["group"].astype("str"), rows["group"]))
        members = Members.from_frame(aligned)
    ctx = Context(
        rows=rows,
        calendar=calendar,
        config=calendar.config,
        members=members,
        lang=language,
    )
    groups = rows["group"].unique().tolist()
    frames = []
    for rule_id, rule in REGISTRY.items():
        if rules is not None and rule_id not in rules:
            continue
        # A rule switched off may be switched on for some groups by an override: the setup
        # holds exactly the groups it is enabled for.
        setup = Setup.build(rule, ctx.config.rules[rule_id], groups)
        if setup.groups.empty or rows.empty:
            continue
        found = rule.evaluate(ctx, setup)
        if not found.empty:
            frames.append(found[list(FINDING_COLUMNS)])
    frame = pd.concat(frames, ignore_index=True) if frames else empty_findings()
    frame = _sorted(frame)
    severities = frame["severity"].value_counts()
    summary = {
        "assessments": len(plan.assessments),
        "groups": len(groups),
        "pupils": members.count if members is not None else 0,
        "errors": int(severities.get("error", 0)),
        "warnings": int(severities.get("warning", 0)),
        "infos": int(severities.get("info", 0)),
    }
    return CheckResult(frame, list(plan.problems), summary)


def recheck(
    previous: CheckResult,
    before: Plan,
    after: Plan,
    config: SchoolConfig,
    *,
    members: pd.DataFrame | None = None,
    lang: str | None = None,
) -> CheckResult:
    """The check of `after`, reusing `previous` (the full check of `before` with the same
    config, members and language): only the groups whose rows changed, and the pupils in those
    groups, are checked again. Every rule looks at one group's rows, or at one pupil's groups,
    so the result equals `check(after, ...)`; tests hold it to that. A change of the plan's
    period (no start/end in the config and the first or last date moved) checks it all."""
    period = effective_config(after, config)
    old_period = effective_config(before, config)
    if (period.start, period.end) != (old_period.start, old_period.end):
        return check(after, config, members=members, lang=lang)
    changed = changed_groups(before.assessments, after.assessments)
    keep = previous.frame
    frames = [keep]
    if changed:
        pupils: set[str] = set()
        needed = set(changed)
        if members is not None:
            folded = members["group"].astype("str").str.casefold()
            pupils = set(members.loc[folded.isin(changed), "pupil"])
            mine = members[members["pupil"].isin(pupils)]
            needed |= set(mine["group"].astype("str").str.casefold())
        table = after.assessments
        sub = Plan(table[table["group"].str.casefold().isin(needed)].reset_index(drop=True))
        sub_members = members[members["pupil"].isin(pupils)] if members is not None else None
        found = check(sub, period, members=sub_members, lang=lang).frame
        is_pupil = keep["pupil"].notna()
        stale = (~is_pupil & keep["group"].str.casefold().isin(changed)) | (
            is_pupil & keep["pupil"].isin(pupils)
        )
        fresh = found["pupil"].notna() | found["group"].str.casefold().isin(changed)
        frames = [keep[~stale], found[fresh]]
    frames = [f for f in frames if not f.empty]
    frame = _sorted(pd.concat(frames, ignore_index=True)) if frames else empty_findings()
    severities = frame["severity"].value_counts()
    summary = {
        **previous.summary,
        "assessments": len(after.assessments),
        "groups": int(after.assessments["group"].nunique()),
        "errors": int(severities.get("error", 0)),
        "warnings": int(severities.get("warning", 0)),
        "infos": int(severities.get("info", 0)),
    }
    return CheckResult(frame, list(after.problems), summary)


def changed_groups(before: pd.DataFrame, after: pd.DataFrame) -> set[str]:
    """Groups (case-folded) whose rows differ between two tables, as multisets of rows."""
    columns = [c for c in before.columns if c not in ("source", "row")]

    def counts(table: pd.DataFrame) -> pd.Series:
        hashes = pd.util.hash_pandas_object(table[columns], index=False)
        keys = pd.DataFrame({"group": table["group"].str.casefold(), "hash": hashes.to_numpy()})
        return keys.value_counts()

    both = pd.concat([counts(before), counts(after)], axis=1).fillna(0)
    differ = both.iloc[:, 0] != both.iloc[:, 1]
    return set(both.index[differ.to_numpy()].get_level_values("group"))


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    rank = frame["severity"].map({"error": 0, "warning": 1, "info": 2})
    frame = frame.assign(_rank=rank, _pupil=frame["pupil"].fillna(""))
    # The message breaks the last ties, so the order does not depend on how the frame was built.
    order = ["start", "_rank", "rule", "group", "_pupil", "end", "message"]
    frame = frame.sort_values(order, kind="stable")
    frame = frame.drop(columns=["_rank", "_pupil"]).reset_index(drop=True)
    # One spelling of "no pupil" (rules leave None or NaN), whatever built the frame.
    frame["pupil"] = frame["pupil"].astype("object").where(frame["pupil"].notna(), None)
    return frame


def _to_findings(frame: pd.DataFrame) -> list[Finding]:
    if frame.empty:
        return []
    starts = pd.to_datetime(frame["start"]).dt.date.tolist()
    ends = pd.to_datetime(frame["end"]).dt.date.tolist()
    limits = [None if np.isnan(v) else v for v in frame["limit"].astype("float64").tolist()]
    pupils = [p if isinstance(p, str) else None for p in frame["pupil"].tolist()]
    severity = {str(s): s for s in Severity}
    return [
        Finding(rule, severity[sev], group, pupil, start, end, ids, value, limit, msg, ref)
        for rule, sev, group, pupil, start, end, ids, value, limit, msg, ref in zip(
            frame["rule"].tolist(),
            frame["severity"].tolist(),
            frame["group"].tolist(),
            pupils,
            starts,
            ends,
            frame["assessments"].tolist(),
            frame["value"].astype("float64").tolist(),
            limits,
            frame["message"].tolist(),
            frame["reference"].tolist(),
            strict=True,
        )
    ]
