"""What a rule is, the context it runs in, and the helpers every rule shares.

A rule is a function from the enriched assessment table to a frame of findings. Load rules
(per day, per week, ...) run once per group and, when memberships are given, once per cluster
combination of pupils; the combination's findings are then handed to each pupil in it, which
keeps the per-pupil check as fast as the per-group one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from planner.config import RULE_SCHEMA, Param, RuleConfig, SchoolConfig
from planner.i18n import Lang
from planner.model import SCENARIO_MARK, SEVERITY_RANKS, Severity
from planner.workload import ComboLoad, Members

if TYPE_CHECKING:
    from planner.school_calendar import SchoolCalendar

FINDING_COLUMNS = (
    "rule",
    "severity",
    "group",
    "pupil",
    "start",
    "end",
    "assessments",
    "value",
    "limit",
    "message",
    "reference",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    params: tuple[Param, ...]
    evaluate: Callable[[Context, Setup], pd.DataFrame]
    title: Mapping[Lang, str]  # one line per language, for listings and the dashboard

    @classmethod
    def of(
        cls,
        rule_id: str,
        *,
        evaluate: Callable[[Context, Setup], pd.DataFrame],
        title: Mapping[Lang, str],
    ) -> Rule:
        """The rule `rule_id` with the severity and parameters school.toml's schema
        (planner.config.RULE_SCHEMA) gives it."""
        schema = RULE_SCHEMA[rule_id]
        return cls(rule_id, schema.severity, schema.params, evaluate, title)


@dataclasses.dataclass(slots=True)
class Context:
    """Everything a rule needs, computed once per check."""

    rows: pd.DataFrame  # the assessment table with day, sidx, week, is_test, is_heavy, ...
    calendar: SchoolCalendar
    config: SchoolConfig
    members: Members | None
    lang: Lang


@dataclasses.dataclass(slots=True)
class Setup:
    """A rule's effective settings per group: one row per group the rule applies to."""

    rule: Rule
    config: RuleConfig
    groups: pd.DataFrame  # group, severity, reference, and one column per parameter

    @classmethod
    def build(cls, rule: Rule, config: RuleConfig, groups: list[str]) -> Setup:
        rows = []
        # A scenario's copy of a group (planner.fit) has its group's settings: looked up once.
        known: dict[str, dict[str, Any] | None] = {}
        for group in groups:
            name = group.partition(SCENARIO_MARK)[0]
            if name not in known:
                known[name] = config.settings_for(name)
            settings = known[name]
            if settings is not None:
                rows.append({**settings, "group": group})
        columns = ["group", "severity", "reference", *(p.name for p in rule.params)]
        frame = pd.DataFrame(rows, columns=columns)
        frame["severity"] = frame["severity"].astype("str")
        frame["reference"] = frame["reference"].astype("str")
        frame["group"] = frame["group"].astype("str")
        return cls(rule, config, frame)

    def with_settings(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Keep the rows of groups the rule applies to, with the group's settings beside them."""
        return rows.merge(self.groups, on="group", how="inner")


_EMPTY = pd.DataFrame({c: pd.Series([], dtype="object") for c in FINDING_COLUMNS})


def empty_findings() -> pd.DataFrame:
    # a copy of one frame: building it anew costs more than a small rule's whole check
    return _EMPTY.copy()


PUPIL_MARK = "\x00pupil\x00"
# The columns message functions read; the rest of a wide frame is not copied per finding.
MESSAGE_FIELDS = frozenset(
    [
        "group",
        "pupil",
        "day",
        "start",
        "end",
        "items",
        "value",
        "limit",
        "subject",
        "kind",
        "name",
        "week_name",
        "reason",
        "announced",
        "load",
        "tests",
        "heavy",
        "minutes",
        "median",
        "factor",
        "length",
    ]
)


def finish(
    frame: pd.DataFrame,
    rule: Rule,
    message: Callable[[dict[str, Any]], str],
) -> pd.DataFrame:
    """Give a rule's raw violations the finding columns, with a message per row.

    Rows of a cluster combination (with `pupils`) become one finding per pupil; the message is
    written once per combination and the pupil's id put in afterwards.
    """
    if frame.empty:
        return empty_findings()
    frame = frame.reset_index(drop=True)
    if "pupils" in frame:
        shared = frame["pupils"].notna()
        frame.loc[shared, "pupil"] = PUPIL_MARK
    fields = [c for c in frame.columns if c in MESSAGE_FIELDS or c.startswith("limit")]
    records = _records(frame, fields)
    out = pd.DataFrame(
        {
            "rule": rule.id,
            "severity": frame["severity"].to_numpy(),
            "group": frame["group"].to_numpy(),
            "pupil": frame["pupil"].to_numpy() if "pupil" in frame else None,
            "start": frame["start"].to_numpy(),
            "end": frame["end"].to_numpy(),
            "assessments": frame["assessments"].to_numpy(),
            "value": frame["value"].astype("float64").to_numpy(),
            "limit": frame["limit"].astype("float64").to_numpy() if "limit" in frame else np.nan,
            "message": [message(r) for r in records],
            "reference": frame["reference"].to_numpy(),
        }
    )
    if "pupils" not in frame or not shared.any():
        return out
    single_rows = out[~shared.to_numpy()]
    many = out[shared.to_numpy()].assign(pupil=frame.loc[shared, "pupils"].to_numpy())
    many = many.explode("pupil", ignore_index=True)
    messages, pupils = many["message"].tolist(), many["pupil"].tolist()
    many["message"] = [m.replace(PUPIL_MARK, p) for m, p in zip(messages, pupils, strict=True)]
    return pd.concat([single_rows, many], ignore_index=True)


def _records(frame: pd.DataFrame, fields: list[str]) -> list[dict[str, Any]]:
    """Rows as dicts for the message functions; dates as datetime.date, converted once per day."""
    columns = []
    for name in fields:
        col = frame[name]
        if pd.api.types.is_datetime64_any_dtype(col):
            codes, uniques = pd.factorize(col)
            days = [d.date() for d in uniques]
            columns.append([days[c] if c >= 0 else None for c in codes])
        else:
            columns.append(col.tolist())
    return [dict(zip(fields, values, strict=True)) for values in zip(*columns, strict=True)]


def entity_limits(
    ctx: Context, setup: Setup, params: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Settings per group, and per cluster combination: its groups' strictest limit."""
    per_group = setup.groups
    if ctx.members is None:
        return per_group, None
    combo = ctx.members.combo_groups.merge(per_group, on="group", how="inner")
    combo["rank"] = combo["severity"].map(SEVERITY_RANKS)
    combo = combo.sort_values(["combo", "rank"], ascending=[True, False])
    agg: dict[str, tuple[str, str]] = {p: (p, "min") for p in params}
    agg["severity"] = ("severity", "first")
    agg["reference"] = ("reference", "first")
    return per_group, combo.groupby("combo", as_index=False).agg(**agg)


DETAIL_COLUMNS = ("id", "group", "day", "subject", "kind", "test_week")


def applicable(rows: pd.DataFrame, per_group: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The rows of groups the rule applies to, narrowed to the columns it needs (merges copy
    every column, so a narrow frame keeps the per-pupil expansion cheap)."""
    wanted = list(dict.fromkeys([*DETAIL_COLUMNS, *columns]))
    return rows.loc[rows["group"].isin(per_group["group"]), wanted]


def over_limit(
    ctx: Context,
    setup: Setup,
    rows: pd.DataFrame,
    key: list[str],
    measures: Mapping[str, tuple[str, str, str | None]],
) -> pd.DataFrame:
    """Entities (groups and pupils) whose summed rows exceed a limit.

    `measures` maps an output name to (column, "sum", parameter): a violation is any measure
    above its parameter (a measure with parameter None is only reported). Returns one row per
    entity and key with the measures, the limits (`limit_<name>`), `assessments` (ids),
    `items` (what is planned) and `start`/`end`. Pupils are only reported where the load comes
    from two or more of their groups; a load from one group is already the group's finding.
    """
    assert all(fn == "sum" for _, fn, _ in measures.values()), "over_limit sums columns"
    params = sorted({p for _, _, p in measures.values() if p is not None})
    per_group, per_combo = entity_limits(ctx, setup, params)
    columns = sorted({c for c, _, _ in measures.values()} | set(key))
    rows = applicable(rows, per_group, columns)
    if rows.empty:
        return pd.DataFrame()
    out = []
    sums = rows.groupby(["group", *key], as_index=False, sort=False).agg(
        **{name: (col, "sum") for name, (col, _, _) in measures.items()}
    )
    sums = sums.merge(per_group, on="group")
    hits = sums[_broken(sums, measures)].assign(entity=lambda f: f["group"])
    if not hits.empty:
        out.append(attach_details(hits, rows.assign(entity=rows["group"]), key, None, "group"))
    if ctx.members is not None and per_combo is not None:
        load = ComboLoad.of(ctx.members, rows, key[0], sorted({c for c, _, _ in measures.values()}))
        limits = per_combo.set_index("combo").reindex(load.combos)
        totals = {name: load.total(col) for name, (col, _, _) in measures.items()}
        broken = np.zeros((len(load.combos), len(load.sums.keys)), dtype=bool)
        for name, (_, _, param) in measures.items():
            if param is not None:
                limit = limits[param].to_numpy(dtype="float64")[:, None]
                with np.errstate(invalid="ignore"):
                    broken |= totals[name] > limit + 1e-9
        broken &= load.groups_with_rows() >= 2
        hits = combo_hits(ctx.members, load, broken, key[0], totals, per_combo)
        if not hits.empty:
            _broken(hits, measures)
            out.append(combo_details(ctx.members, hits, rows, key[0]))
    if not out:
        return pd.DataFrame()
    return pd.concat(out, ignore_index=True)


def _broken(frame: pd.DataFrame, measures: Mapping[str, tuple[str, str, str | None]]) -> Any:
    broken = np.zeros(len(frame), dtype=bool)
    for name, (_, _, param) in measures.items():
        if param is None:
            continue
        frame[f"limit_{name}"] = frame[param]
        broken |= (frame[name] > frame[param] + 1e-9).to_numpy()
    return broken


def combo_hits(
    members: Members,
    load: ComboLoad,
    broken: np.ndarray,
    key: str,
    values: Mapping[str, np.ndarray],
    per_combo: pd.DataFrame,
) -> pd.DataFrame:
    """The broken cells of a combination x key matrix, one row per distinct finding.

    Two combinations that see the same groups' rows on a key get the same finding (recognised
    by the fingerprint of that set of groups); it is written once, with every pupil of both
    in `pupils`.
    """
    ci, ki = np.nonzero(broken)
    if len(ci) == 0:
        return pd.DataFrame()
    signatures = load.signatures(ci, ki)
    hits = pd.DataFrame(
        {
            "entity": load.combos[ci],
            key: load.sums.keys[ki],
            **{name: value[ci, ki] for name, value in values.items()},
            **signatures,
        }
    )
    hits = hits.merge(per_combo.rename(columns={"combo": "entity"}), on="entity")
    # The values belong to the finding too: a peak week's median comes from the combination's
    # other weeks, so two combinations with the same groups that week can differ in it.
    same = [key, *signatures, *values, *(c for c in per_combo.columns if c != "combo")]
    return _one_per_finding(hits, same, members)


def combo_details(
    members: Members, hits: pd.DataFrame, rows: pd.DataFrame, key: str
) -> pd.DataFrame:
    """`attach_details` for combination findings: the rows of the combination's groups."""
    involved = (
        hits[["entity", key]]
        .merge(members.combo_groups.rename(columns={"combo": "entity"}))
        .merge(rows, on=["group", key])
    )
    return attach_details(hits, involved, [key], members, "combo", only_hits=True)


def attach_details(
    hits: pd.DataFrame,
    expanded: pd.DataFrame,
    key: list[str],
    members: Members | None,
    kind: str,
    *,
    only_hits: bool = False,
) -> pd.DataFrame:
    """Add the ids, dates and items of the assessments behind each violation.

    `expanded` holds the rows each entity sees (`only_hits` when it holds nothing else). For
    combinations, `pupils` lists the pupils who share a finding; `finish` hands each one the
    finding. Chunks of sorted arrays instead of a Python aggregation keep this fast.
    """
    keys = ["entity", *key]
    involved = expanded if only_hits else expanded.merge(hits[keys], on=keys)
    involved = involved.sort_values([*keys, "day", "subject"], kind="stable")
    # Every hit has rows behind it, so the sorted chunks line up with the sorted hits.
    hits = hits.sort_values(keys, kind="stable").reset_index(drop=True)
    changed = np.zeros(len(involved), dtype=bool)
    for col in keys:
        values = involved[col].to_numpy()
        changed[1:] |= values[1:] != values[:-1]
    bounds = np.flatnonzero(changed)
    first = np.concatenate(([0], bounds))
    last = np.concatenate((bounds, [len(involved)])) - 1
    assert len(first) == len(hits), "every violation has assessments behind it"
    spans = list(zip(first.tolist(), (last + 1).tolist(), strict=True))
    ids = involved["id"].tolist()
    items = (involved["subject"] + " (" + involved["kind"] + ")").tolist()
    days = involved["day"].to_numpy()
    hits["assessments"] = _objects([tuple(ids[a:b]) for a, b in spans])
    hits["items"] = [", ".join(items[a:b]) for a, b in spans]
    hits["start"] = days[first]
    hits["end"] = days[last]
    if "test_week" in involved:
        hits["week_name"] = involved["test_week"].to_numpy()[first]
    if kind == "group":
        hits["group"] = hits["entity"]
        hits["pupil"] = None
        return hits
    assert members is not None
    groups = involved["group"].tolist()
    hits["group"] = [", ".join(sorted(set(groups[a:b]))) for a, b in spans]
    if "pupils" in hits:
        return hits
    hits["sig"] = [" ".join(ids[a:b]) for a, b in spans]
    return _share(hits, key, members)


def _share(hits: pd.DataFrame, key: list[str], members: Members) -> pd.DataFrame:
    """One row per distinct finding, listing every pupil it applies to.

    Combinations that differ only in groups without tests that day or week see the same
    assessments; their finding is written once and handed to all their pupils.
    """
    same = ["sig", *key, "severity", "reference"]
    same += [c for c in hits.columns if c.startswith("limit")]
    return _one_per_finding(hits, same, members)


def _one_per_finding(hits: pd.DataFrame, same: list[str], members: Members) -> pd.DataFrame:
    """Combination rows that agree on `same` become one row, with all their `pupils`."""
    code = hits.groupby(same, sort=False, dropna=False).ngroup().to_numpy()
    by_combo = members.pupils_of_combo()
    pupils: list[list[str]] = [[] for _ in range(int(code.max()) + 1)]
    for c, combo in zip(code.tolist(), hits["entity"].tolist(), strict=True):
        pupils[c].extend(by_combo[combo])
    first = hits[~hits.duplicated(same)].copy()
    first["pupils"] = [sorted(p) for p in pupils]
    return first


def _objects(values: list[Any]) -> np.ndarray:
    """A column of Python objects (tuples of ids), one per row, that pandas will not unpack."""
    out = np.empty(len(values), dtype="object")
    out[:] = values
    return out


def single(hits: pd.DataFrame, value: pd.Series | float, limit: pd.Series | float) -> pd.DataFrame:
    """Findings about one assessment each (date rules): the group's, never a pupil's."""
    return hits.assign(
        start=hits["day"],
        end=hits["day"],
        assessments=_objects([(i,) for i in hits["id"]]),
        value=value,
        limit=limit,
        pupil=None,
    )


def what(r: dict[str, Any]) -> str:
    """`2A: wiskunde (proefwerk) op di 10 mrt`-style subject of a date-rule message."""
    return f"{r['group']}: {r['subject']} ({r['kind']})"


def near_test_week(ctx: Context, setup: Setup, side: str) -> pd.DataFrame:
    """Tests in the `days` school days `after` or `before` their group's test week, as
    single-assessment violations with `nth` (1 = the school day next to the week) and the
    test week's name in `week_name`."""
    rows = ctx.rows[ctx.rows["is_test"] & ctx.rows["sidx"].notna() & ~ctx.rows["in_test_week"]]
    rows = setup.with_settings(rows)
    spans = ctx.calendar.test_week_spans(setup.groups["group"])
    hits = rows.merge(spans.rename(columns={"test_week": "week_name"}), on="group")
    if side == "after":
        hits["nth"] = hits["sidx"] - hits["last"]
    else:
        hits["nth"] = hits["first"] - hits["sidx"]
    hits = hits[(hits["nth"] >= 1) & (hits["nth"] <= hits["days"])]
    return single(hits, hits["nth"], hits["days"])
