"""Per pupil: how many pupils go over a limit in each week, how a pupil's weekly test load is
spread, and which cluster combinations cause the peaks. Pupils appear only as pseudonymous ids
and counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from planner.check import effective_config, prepare
from planner.config import SchoolConfig
from planner.i18n import Lang, catalogue, count, fmt_date, fmt_week, forms, plural
from planner.model import SEVERITY_RANKS, Plan
from planner.rules import REGISTRY
from planner.views.calendar import aligned_members
from planner.views.overview import iso_week, weeks_of
from planner.workload import Members, load_per_week

_T = catalogue(
    __name__,
    {
        "pupil.one": {"nl": "leerling", "en": "pupil"},
        "pupil.many": {"nl": "leerlingen", "en": "pupils"},
        "homework": {"nl": "{minutes} huiswerk", "en": "{minutes} of homework"},
        "heavy": {"nl": "{tests} ({heavy} zwaar)", "en": "{tests} ({heavy} heavy)"},
        "on_day": {"nl": "op {day}", "en": "on {day}"},
        "in_week": {"nl": "in {week}", "en": "in {week}"},
    },
)

# The rules with a limit per pupil (a load summed over the pupil's groups).
PUPIL_RULES = (
    "tests-per-day",
    "tests-per-week",
    "test-week-load",
    "homework-per-day",
    "homework-per-week",
)


def members_of(plan: Plan, members: pd.DataFrame) -> Members:
    """The memberships folded into cluster combinations, groups spelled as in the plan."""
    return Members.from_frame(aligned_members(plan, members))


def pupils_over(
    plan: Plan,
    findings: pd.DataFrame,
    members: pd.DataFrame,
    rules: tuple[str, ...] = PUPIL_RULES,
) -> pd.DataFrame:
    """Every pupil over a per-pupil limit: (week, rule, pupil, own), one row each. `own` is
    True for a pupil finding (a load from two or more of the pupil's groups); the others are
    in a group that is over the limit by itself: the check reports that once, as the group's
    finding, and every pupil of the group carries it."""
    columns = {"week": "int64", "rule": "str", "pupil": "str", "own": "bool"}
    hit = findings[findings["rule"].isin(rules)] if not findings.empty else findings
    if hit.empty:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in columns.items()})
    hit = hit.assign(week=iso_week(pd.to_datetime(hit["start"])))
    own = hit.loc[hit["pupil"].notna(), ["week", "rule", "pupil"]].astype({"pupil": "str"})
    pairs = aligned_members(plan, members)
    via_group = hit.loc[hit["pupil"].isna(), ["week", "rule", "group"]].merge(pairs, on="group")
    every = pd.concat(
        [own.assign(own=True), via_group[["week", "rule", "pupil"]].assign(own=False)],
        ignore_index=True,
    )
    # A pupil over the limit through both counts as `own`.
    every = every.sort_values("own", ascending=False, kind="stable")
    every = every.drop_duplicates(["week", "rule", "pupil"]).reset_index(drop=True)
    return every.astype(columns)


def over_limit_per_week(
    plan: Plan,
    config: SchoolConfig,
    findings: pd.DataFrame,
    members: pd.DataFrame,
    rules: tuple[str, ...] = PUPIL_RULES,
) -> pd.DataFrame:
    """One row per school week and rule: `pupils`, how many distinct pupils go over the rule's
    limit that week, and `own`, how many of them through a pupil finding (see `pupils_over`)."""
    weeks = weeks_of(effective_config(plan, config))
    weeks = weeks[weeks["school_days"] > 0][["week", "monday"]]
    grid = weeks.merge(pd.DataFrame({"rule": list(rules)}), how="cross")
    over = pupils_over(plan, findings, members, rules)
    counts = over.groupby(["week", "rule"], as_index=False).agg(
        pupils=("pupil", "size"), own=("own", "sum")
    )
    out = grid.merge(counts, on=["week", "rule"], how="left")
    out["pupils"] = out["pupils"].fillna(0).astype("int64")
    out["own"] = out["own"].fillna(0).astype("int64")
    return out


def week_limit_per_pupil(config: SchoolConfig, members: Members) -> pd.Series:
    """Each pupil's tests-per-week limit: the strictest of the pupil's groups (NaN where the
    rule applies to none of them), indexed by pupil."""
    rule = config.rules.get("tests-per-week")
    groups = members.combo_groups["group"].unique().tolist()
    limits: dict[str, float] = {}
    for group in groups:
        settings = rule.settings_for(group) if rule is not None else None
        if settings is not None:
            limits[group] = float(settings["max"])
    per_combo = (
        members.combo_groups.assign(limit=members.combo_groups["group"].map(limits))
        .groupby("combo")["limit"]
        .min()
    )
    pupils = members.pupils
    return pd.Series(pupils["combo"].map(per_combo).to_numpy(), index=pupils["pupil"], name="limit")


def weekly_load(plan: Plan, config: SchoolConfig, members: pd.DataFrame) -> pd.DataFrame:
    """Every pupil's weighted test load in every school week (zero included): pupil, week,
    monday, load, tests, limit (the pupil's tests-per-week limit), over. Test-week days are
    left out, as in the tests-per-week rule (a test week has its own limit). Only pupils with
    a group in the plan."""
    folded = members_of(plan, members)
    config = effective_config(plan, config)
    weeks = weeks_of(config)
    weeks = weeks[weeks["school_days"] > 0][["week", "monday"]]
    columns = ["pupil", "week", "monday", "load", "tests", "limit", "over"]
    planned = set(plan.assessments["group"].unique())
    in_plan = folded.combo_groups.loc[folded.combo_groups["group"].isin(planned), "combo"]
    pupils = folded.pupils.loc[folded.pupils["combo"].isin(in_plan), "pupil"]
    if pupils.empty or weeks.empty:
        return pd.DataFrame({c: pd.Series([], dtype="float64") for c in columns})
    rows, _ = prepare(plan, config)
    rows = rows[~rows["in_test_week"]]
    load = load_per_week(rows, folded) if not rows.empty else pd.DataFrame()
    every = pd.DataFrame({"pupil": pupils.to_numpy()}).merge(weeks, how="cross")
    if not load.empty:
        mine = load.loc[load["pupil"].notna(), ["pupil", "week", "load", "tests"]]
        every = every.merge(mine.astype({"pupil": "str"}), on=["pupil", "week"], how="left")
    else:
        every = every.assign(load=0.0, tests=0)
    every["load"] = every["load"].fillna(0.0).astype("float64")
    every["tests"] = every["tests"].fillna(0).astype("int64")
    every["limit"] = every["pupil"].map(week_limit_per_pupil(config, folded)).astype("float64")
    every["over"] = (every["load"] > every["limit"] + 1e-9).fillna(False).astype("bool")
    return every[columns]


def load_histogram(weekly: pd.DataFrame, week: int | None = None) -> pd.DataFrame:
    """How many pupil-weeks have each load (`load`, `over`, `count`); one week or all."""
    part = weekly if week is None else weekly[weekly["week"] == week]
    if part.empty:
        return pd.DataFrame(
            {
                "load": pd.Series([], dtype="float64"),
                "over": pd.Series([], dtype="bool"),
                "count": pd.Series([], dtype="int64"),
            }
        )
    counts = part.groupby(["load", "over"], as_index=False).size()
    return counts.rename(columns={"size": "count"}).sort_values("load", ignore_index=True)


def peak_combinations(
    plan: Plan,
    config: SchoolConfig,
    findings: pd.DataFrame,
    members: pd.DataFrame,
    lang: Lang = "nl",
) -> pd.DataFrame:
    """Cluster combinations (pupils with the same set of groups) whose pupils have findings:
    `groups`, `pupils` (in the combination), `with_findings`, `findings` (distinct ones; the
    pupils of a combination share them), `errors`, `warnings`, the worst finding (`severity`,
    `rule`, `title`, `day`, `monday`, `value`, `limit`, `worst` in words: "3 toetsen op di 10
    mrt", `message`: the rule's own sentence for one of the pupils), `summary` ("4H1, 4h.nat,
    4h.wisB: 23 leerlingen, 3 toetsen op di 10 mrt") and `pupil_ids`. Worst first."""
    columns = [
        "combo",
        "groups",
        "pupils",
        "with_findings",
        "findings",
        "errors",
        "warnings",
        "severity",
        "rule",
        "title",
        "day",
        "monday",
        "value",
        "limit",
        "worst",
        "message",
        "summary",
        "pupil_ids",
    ]
    empty = pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})
    own = findings[findings["pupil"].notna()] if not findings.empty else findings
    if own.empty:
        return empty
    folded = members_of(plan, members)
    combo_of = folded.pupils.set_index("pupil")["combo"]
    found = own.assign(
        pupil=own["pupil"].astype("str"),
        assessments=own["assessments"].map(
            lambda a: tuple(a) if isinstance(a, list | tuple) else ()
        ),
        start=pd.to_datetime(own["start"]),
        end=pd.to_datetime(own["end"]),
    )
    found["combo"] = found["pupil"].map(combo_of)
    found = found[found["combo"].notna()].astype({"combo": "int64"})
    if found.empty:
        return empty
    with_findings = found.groupby("combo")["pupil"].nunique()
    found = found.sort_values(["combo", "pupil"], kind="stable")
    distinct = found.drop_duplicates(["combo", "rule", "start", "end", "assessments"]).copy()
    distinct["rank"] = distinct["severity"].map(SEVERITY_RANKS).fillna(-1)
    limit = distinct["limit"].astype("float64")
    distinct["ratio"] = (distinct["value"].astype("float64") / limit.where(limit > 0)).fillna(0)
    worst = distinct.sort_values(
        ["combo", "rank", "ratio", "value", "start"], ascending=[True, False, False, False, True]
    ).drop_duplicates("combo")
    severity = distinct["severity"]
    tally = (
        distinct.assign(errors=severity == "error", warnings=severity == "warning")
        .groupby("combo")
        .agg(findings=("rule", "size"), errors=("errors", "sum"), warnings=("warnings", "sum"))
    )
    counts: dict[int, dict[str, int]] = {
        int(combo): {"findings": int(f), "errors": int(e), "warnings": int(w)}
        for combo, f, e, w in zip(
            tally.index.tolist(),
            tally["findings"].tolist(),
            tally["errors"].tolist(),
            tally["warnings"].tolist(),
            strict=True,
        )
    }
    counted = dict(zip(with_findings.index.tolist(), with_findings.tolist(), strict=True))
    pupils_of = folded.pupils_of_combo()
    groups_of = folded.combo_groups.groupby("combo")["group"].agg(
        lambda s: ", ".join(sorted(s, key=str.casefold))
    )
    groups_text = dict(zip(groups_of.index.tolist(), groups_of.tolist(), strict=True))
    tests, heavy = _test_ids(plan, config)
    rows = []
    records: list[dict[str, Any]] = worst.to_dict("records")  # type: ignore[assignment]
    for record in records:
        combo = int(record["combo"])
        ids = pupils_of.get(combo, [])
        rule = str(record["rule"])
        day: dt.date = pd.Timestamp(record["start"]).date()
        end: dt.date = pd.Timestamp(record["end"]).date()
        title = REGISTRY[rule].title[lang] if rule in REGISTRY else rule
        what = _what(rule, float(record["value"]), record["assessments"], tests, heavy, lang)
        worst_text = f"{what or title} {_when(day, end, lang)}"
        groups = str(groups_text.get(combo, ""))
        n = len(ids)
        rows.append(
            {
                "combo": combo,
                "groups": groups,
                "pupils": n,
                "with_findings": int(counted.get(combo, 0)),
                **counts[combo],
                "severity": str(record["severity"]),
                "rule": rule,
                "title": title,
                "day": day,
                "monday": day - dt.timedelta(days=day.weekday()),
                "value": float(record["value"]),
                "limit": float(record["limit"]),
                "worst": worst_text,
                "message": str(record["message"]),
                "summary": f"{groups}: {count_pupils(n, lang)}, {worst_text}",
                "pupil_ids": list(ids),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    rank = out["severity"].map(SEVERITY_RANKS).fillna(-1)
    out = out.assign(_rank=rank).sort_values(
        ["_rank", "with_findings", "findings", "groups"],
        ascending=[False, False, False, True],
        kind="stable",
    )
    return out.drop(columns="_rank").reset_index(drop=True)


def count_pupils(n: int, lang: Lang) -> str:
    return plural(n, *forms(_T, "pupil", lang), lang)


def _test_ids(plan: Plan, config: SchoolConfig) -> tuple[set[str], set[str]]:
    """The ids of the plan's tests and of its heavy tests."""
    table = plan.assessments
    is_test = table["kind"].map({k: v.test for k, v in config.kinds.items()}).eq(True)
    is_heavy = table["kind"].map({k: v.heavy for k, v in config.kinds.items()}).eq(True)
    return set(table.loc[is_test, "id"]), set(table.loc[is_test & is_heavy, "id"])


def _what(
    rule: str,
    value: float,
    ids: tuple[str, ...],
    tests: set[str],
    heavy: set[str],
    lang: Lang,
) -> str:
    """What a finding is about in words: `3 toetsen (2 zwaar)`, `75 minuten huiswerk`;
    '' for other rules."""
    if rule.startswith("homework-"):
        return _T("homework", lang, minutes=count(value, "minute", lang))
    if rule in ("tests-per-day", "tests-per-week", "test-week-load"):
        n_tests = sum(1 for i in ids if i in tests)
        n_heavy = sum(1 for i in ids if i in heavy)
        text = count(n_tests, "test", lang)
        return _T("heavy", lang, tests=text, heavy=n_heavy) if n_heavy else text
    return ""


def _when(start: dt.date, end: dt.date, lang: Lang) -> str:
    """`op di 10 mrt`, `in week 11 (9-13 mrt)`, or `di 10 mrt - vr 13 mrt` for other spans."""
    if start == end:
        return _T("on_day", lang, day=fmt_date(start, lang))
    if start.isocalendar()[:2] == end.isocalendar()[:2]:
        return _T("in_week", lang, week=fmt_week(start, lang))
    return f"{fmt_date(start, lang)} - {fmt_date(end, lang)}"
