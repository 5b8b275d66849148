"""Run the school's rule set over a plan: the one entry point the CLI and the dashboard call."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from planner.config import SchoolConfig
from planner.i18n import Lang, check_lang
from planner.model import (
    Finding,
    ImportProblem,
    Plan,
    Severity,
    Source,
    unify_groups,
    worst_first,
)
from planner.rules import REGISTRY
from planner.rules.base import FINDING_COLUMNS, Context, Setup, empty_findings
from planner.school_calendar import SchoolCalendar
from planner.workload import Members


@dataclasses.dataclass
class CheckResult:
    """The findings as a table (`frame`, for views and exports) and as objects (`findings`)."""

    frame: pd.DataFrame
    problems: list[ImportProblem]
    summary: dict[str, int]
    sources: list[Source] = dataclasses.field(default_factory=list)  # how each file was read

    @functools.cached_property
    def findings(self) -> list[Finding]:
        """Finding objects, made on first use: a dashboard that only filters the frame never
        pays for tens of thousands of per-pupil objects."""
        return to_findings(self.frame)

    @property
    def has_errors(self) -> bool:
        return self.summary["errors"] > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "problems": [p.to_dict() for p in self.problems],
            "sources": [s.to_dict() for s in self.sources],
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
    rows, calendar = prepare(plan, config.in_language(language))
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
    return CheckResult(frame, list(plan.problems), summary, list(plan.sources))


def recheck(
    previous: CheckResult,
    before: Plan,
    after: Plan,
    config: SchoolConfig,
    *,
    members: pd.DataFrame | None = None,
    lang: str | None = None,
    within: Collection[str] | None = None,
) -> CheckResult:
    """The check of `after`, reusing `previous` (the full check of `before` with the same
    config, members and language): only the groups whose rows changed, and the pupils in those
    groups, are checked again. Every rule looks at one group's rows, or at one pupil's groups,
    so the result equals `check(after, ...)`; tests hold it to that. A change of the plan's
    period (no start/end in the config and the first or last date moved) checks it all.

    `within`: the groups (case-folded) outside which the caller knows the two plans are the
    same (an editor knows which groups its edits touched); only their rows are compared."""
    if not same_period(before, after, config):
        return check(after, config, members=members, lang=lang)
    period = effective_config(after, config)
    old_rows, new_rows = before.assessments, after.assessments
    if within is not None:
        old_rows = old_rows[old_rows["group"].str.casefold().isin(within)]
        new_rows = new_rows[new_rows["group"].str.casefold().isin(within)]
    changed = changed_groups(old_rows, new_rows)
    keep = previous.frame
    frames = [keep]
    if changed:
        pupils = pupils_of(changed, members)
        needed = set(changed)
        if members is not None:
            mine = members[members["pupil"].isin(pupils)]
            needed |= set(mine["group"].astype("str").str.casefold())
        table = after.assessments
        sub = Plan(table[table["group"].str.casefold().isin(needed)].reset_index(drop=True))
        sub_members = members[members["pupil"].isin(pupils)] if members is not None else None
        found = check(sub, period, members=sub_members, lang=lang).frame
        fresh = found["pupil"].notna() | found["group"].str.casefold().isin(changed)
        frames = [keep[~touched(keep, changed, pupils)], found[fresh]]
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
    return CheckResult(frame, list(after.problems), summary, list(after.sources))


def same_period(before: Plan, after: Plan, config: SchoolConfig) -> bool:
    """Whether both plans are checked over the same period: without a start and end in the
    config it follows the first and last test, and a new period can change any finding."""
    old, new = effective_config(before, config), effective_config(after, config)
    return (old.start, old.end) == (new.start, new.end)


def pupils_of(groups: Collection[str], members: pd.DataFrame | None) -> set[str]:
    """The pupils in any of these groups (case-folded)."""
    if members is None or not groups:
        return set()
    folded = members["group"].astype("str").str.casefold()
    return set(members.loc[folded.isin(groups), "pupil"])


def touched(frame: pd.DataFrame, groups: Collection[str], pupils: Collection[str]) -> pd.Series:
    """The findings a change of these groups (case-folded) can alter: the groups' own
    findings and every finding of a pupil in them."""
    is_pupil = frame["pupil"].notna().to_numpy()
    mine = np.zeros(len(frame), dtype=bool)
    # pupils' findings are most of a school's: only the groups' own are case-folded
    mine[~is_pupil] = frame["group"][~is_pupil].str.casefold().isin(groups).to_numpy()
    mine[is_pupil] = frame["pupil"][is_pupil].isin(pupils).to_numpy()
    return pd.Series(mine, index=frame.index)


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
    """By start, severity, rule, group, pupil and end; the message breaks the last ties, so
    the order does not depend on how the frame was built. Sorted on integer codes with numpy:
    pandas' multi-column sort factorizes every message, the costliest part of a re-check."""
    if frame.empty:
        return frame
    pupil = frame["pupil"].astype("object").where(frame["pupil"].notna(), None)
    keys = [
        frame["start"].to_numpy("datetime64[us]").astype("int64"),
        worst_first(frame["severity"]).to_numpy("int64"),
        pd.factorize(frame["rule"], sort=True)[0],
        pd.factorize(frame["group"], sort=True)[0],
        pd.factorize(pupil.fillna(""), sort=True)[0],
        frame["end"].to_numpy("datetime64[us]").astype("int64"),
    ]
    order = np.lexsort(keys[::-1])
    ordered = np.stack([k[order] for k in keys])
    same = (ordered[:, 1:] == ordered[:, :-1]).all(axis=0)
    if same.any():
        # runs of rows equal on every key: ordered within by message
        run = np.concatenate([[0], np.cumsum(~same)])
        tied = np.zeros(len(order), dtype=bool)
        tied[1:] |= same
        tied[:-1] |= same
        messages = frame["message"].to_numpy()[order]
        words = np.full(len(order), -1, dtype="int64")
        words[tied] = pd.factorize(pd.Series(messages[tied], dtype="object"), sort=True)[0]
        order = order[np.lexsort((words, run))]
    frame = frame.iloc[order].reset_index(drop=True)
    # One spelling of "no pupil" (rules leave None or NaN), whatever built the frame.
    frame["pupil"] = pd.Series(pupil.iloc[order].to_numpy(), dtype="object")
    return frame


def to_findings(frame: pd.DataFrame) -> list[Finding]:
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
