"""Suggest better dates: where a test could go instead (per finding), and a whole-plan repair
that removes as many errors and warnings as it can while moving as few tests, as little, as it
can. Pure core: no Streamlit, no database.

How it works. The rules are pandas group-bys over the whole table, far too slow to call for each
of the tens of thousands of moves a search tries. So the search works on a model of the rules
that a move changes, kept as numpy arrays and updated per move: the weighted test load and the
heavy tests per group and per cluster combination (pupils with the same groups) per school day
and per week, the tests per day in a test week, and per test what its day costs by itself (a
quiet period, no make-up day after it, too little notice, a weekend). Where a test may go comes
from the calendar (school days, never into a holiday, a test week or a quiet period, never past
a report deadline) and the lesson timetable (only a day on which that group has that subject).
Whatever the search proposes is then checked by the real rules: a set of moves that would give
any group or pupil more errors than before is cut back until it does not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import time
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from planner.check import CheckResult, check, effective_config, prepare
from planner.config import SchoolConfig, matches_any
from planner.diff import unmatched_findings
from planner.i18n import Lang, check_lang, fmt_date
from planner.importers.common import finalize
from planner.load import Members
from planner.model import SEVERITY_RANKS, Plan, unify_groups
from planner.rules import REGISTRY
from planner.rules.base import Setup

# What the search minimises. An error outweighs any number of moves a repair could need for
# it, a warning outweighs one move; infos are left alone. A combination's cell counts once per
# pupil in it, as the check reports a finding per pupil.
SEVERITY_WEIGHT = {"error": 100.0, "warning": 10.0, "info": 0.0}
MOVE_COST = 3.0  # moving a test at all
STEP_COST = 0.25  # per school day it moves
EXCESS_WEIGHT = 1.0  # per unit of load above a limit: "less over" is better, even if still over
# Rules whose days a test is never moved into (the quiet periods).
QUIET_RULES = ("after-holiday", "after-test-week", "before-test-week")
# Rules that judge a test by its day alone: their cost is added to the day's cost for the test.
DAY_RULES = (*QUIET_RULES, "makeup-room")

WEEKDAYS: dict[str, int] = {
    **{w: i for i, w in enumerate(("ma", "di", "wo", "do", "vr", "za", "zo"))},
    **{w: i for i, w in enumerate(("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
                                   "zaterdag", "zondag"))},
    **{w: i for i, w in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{w: i for i, w in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday"))},
    **{str(i + 1): i for i in range(7)},
}  # fmt: skip


def weekday_number(text: str) -> int | None:
    """0 for Monday ... 6 for Sunday, from "di", "dinsdag", "Tue", "tuesday" or "2"."""
    return WEEKDAYS.get(text.strip().casefold().rstrip("."))


@dataclasses.dataclass(frozen=True)
class Timetable:
    """The lesson timetable: on which weekdays (0 = Monday) a group has a subject."""

    lessons: Mapping[tuple[str, str], frozenset[int]]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Timetable:
        """From (group, subject, weekday) rows; weekday as a number 1-7 or a Dutch or English
        name ("di", "dinsdag", "Tue")."""
        days: dict[tuple[str, str], set[int]] = {}
        for group, subject, weekday in zip(
            frame["group"], frame["subject"], frame["weekday"], strict=True
        ):
            day = weekday if isinstance(weekday, int) else weekday_number(str(weekday))
            if day is None:
                raise ValueError(f"not a weekday: {weekday!r}")
            key = (str(group).strip().casefold(), str(subject).strip().casefold())
            days.setdefault(key, set()).add(day)
        return cls({k: frozenset(v) for k, v in days.items()})

    def days_for(self, group: str, subject: str) -> frozenset[int] | None:
        return self.lessons.get((group.casefold(), subject.casefold()))


def lesson_days(plan: Plan, timetable: Timetable | None = None) -> dict[tuple[str, str], set[int]]:
    """Per (group, subject), case-folded, the weekdays a test of it may be on: the timetable's
    where it knows the pair, else the weekdays on which the plan already has something (a test
    or homework) of that subject for that group: that is when its lessons are."""
    table = plan.assessments
    keys = pd.DataFrame(
        {
            "group": table["group"].str.casefold(),
            "subject": table["subject"].str.casefold(),
            "weekday": table["date"].dt.day_of_week,
        }
    ).drop_duplicates()
    days: dict[tuple[str, str], set[int]] = {}
    for group, subject, weekday in zip(
        keys["group"], keys["subject"], keys["weekday"], strict=True
    ):
        days.setdefault((group, subject), set()).add(int(weekday))
    if timetable is not None:
        for key in days:
            known = timetable.lessons.get(key)
            if known:
                days[key] = set(known)
    return days


@dataclasses.dataclass(frozen=True)
class Options:
    """Where a test may go: `weeks` after its own week (1: the same and the next week); never
    across the school's report deadlines (read from its config)."""

    weeks: int = 1


@dataclasses.dataclass(frozen=True)
class Move:
    """One test to another day, with the reason in words."""

    id: str
    group: str
    subject: str
    kind: str
    title: str
    before: dt.date
    after: dt.date
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "subject": self.subject,
            "kind": self.kind,
            "title": self.title,
            "from": self.before.isoformat(),
            "to": self.after.isoformat(),
            "reason": self.reason,
        }


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A day one test of a finding could move to, and what that does."""

    id: str
    day: dt.date
    errors_left: int  # errors of the plan after this move (all groups and pupils)
    warnings_left: int
    added_load: float  # the group's weighted test load on the new day, this test included
    distance: int  # school days from the test's date
    teacher_tests: int  # the same teacher's other tests on the new day
    move: Move


@dataclasses.dataclass
class Repair:
    """A set of moves, the check before and after, and why what is left could not be done."""

    moves: list[Move]
    before: CheckResult
    after: CheckResult
    plan: Plan  # the plan with the moves applied
    unrepaired: list[tuple[int, str]]  # (row of after.frame, why), errors only
    seconds: float
    seed: int

    def to_dict(self) -> dict[str, Any]:
        frame = self.after.frame
        return {
            "moves": [m.to_dict() for m in self.moves],
            "before": {"summary": self.before.summary, "findings": _dicts(self.before.frame)},
            "after": {"summary": self.after.summary, "findings": _dicts(frame)},
            "unrepaired": [{**_dicts(frame.loc[[i]])[0], "why": why} for i, why in self.unrepaired],
            "seconds": round(self.seconds, 3),
            "seed": self.seed,
        }


def _dicts(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [f.to_dict() for f in CheckResult(frame, [], {}).findings]


def apply_moves(plan: Plan, moves: Iterable[Move]) -> Plan:
    """The plan with each moved test on its new day (time of day and everything else kept)."""
    table = plan.assessments.copy()
    new_day = {m.id: pd.Timestamp(m.after) for m in moves}
    if not new_day:
        return Plan(table, list(plan.problems))
    hit = table["id"].isin(list(new_day))
    old = table.loc[hit, "date"]
    days = table.loc[hit, "id"].map(new_day)
    table.loc[hit, "date"] = (days + (old - old.dt.normalize())).astype(table["date"].dtype)
    return Plan(table, list(plan.problems))


# --- the model --------------------------------------------------------------------------------


@dataclasses.dataclass
class _Limits:
    """Per entity (groups, then combinations): a rule's limit and what breaking it costs."""

    limit: np.ndarray
    weight: np.ndarray  # severity weight x pupils (1 for a group)

    @staticmethod
    def build(
        rule: str,
        param: str,
        config: SchoolConfig,
        groups: list[str],
        combos: list[list[int]],
        sizes: np.ndarray,
    ) -> _Limits:
        setup = Setup.build(REGISTRY[rule], config.rules[rule], groups).groups
        settings = {str(r["group"]): r for r in setup.to_dict("records")}
        limit = np.full(len(groups), np.inf)
        weight = np.zeros(len(groups))
        rank = np.zeros(len(groups))
        for gi, group in enumerate(groups):
            if group in settings:
                limit[gi] = float(settings[group][param])
                weight[gi] = SEVERITY_WEIGHT[str(settings[group]["severity"])]
                rank[gi] = weight[gi]
        # a combination: its groups' strictest limit and most serious severity
        c_limit = np.array([min((limit[g] for g in c), default=np.inf) for c in combos])
        c_weight = np.array([max((rank[g] for g in c), default=0.0) for c in combos])
        return _Limits(np.concatenate([limit, c_limit]), np.concatenate([weight, c_weight * sizes]))


class _Model:
    """The plan's tests on the school days, with the load arrays the rules read."""

    def __init__(
        self,
        plan: Plan,
        config: SchoolConfig,
        members: pd.DataFrame | None,
        timetable: Timetable | None,
        options: Options,
    ) -> None:
        config = effective_config(plan, config)
        rows, calendar = prepare(plan, config)
        self.config = calendar.config
        self.calendar = calendar
        days = calendar.school_days
        self.days = days
        self.n_days = len(days)
        iso = days.isocalendar()
        week_code = iso["year"].to_numpy("int64") * 100 + iso["week"].to_numpy("int64")
        self.week_codes, self.week_of = np.unique(week_code, return_inverse=True)
        self.weekday = days.day_of_week.to_numpy()
        self.day_dates = days.to_numpy("datetime64[D]")
        self.groups: list[str] = sorted(rows["group"].unique().tolist())
        g_index = {g: i for i, g in enumerate(self.groups)}
        n_groups = len(self.groups)

        # cluster combinations holding a group of the plan
        combos: list[list[int]] = []
        sizes: np.ndarray = np.zeros(0)
        if members is not None and not members.empty:
            aligned = members.assign(
                group=unify_groups(members["group"].astype("str"), rows["group"])
            )
            folded = Members.from_frame(aligned)
            pairs = folded.combo_groups[folded.combo_groups["group"].isin(g_index)]
            by_combo = pairs.groupby("combo")["group"].agg(list)
            counts = folded.pupils.groupby("combo").size()
            combos = [[g_index[g] for g in gs] for gs in by_combo.tolist()]
            sizes = counts.reindex(by_combo.index).to_numpy("float64")
        self.n_entities = n_groups + len(combos)
        self.is_combo = np.arange(self.n_entities) >= n_groups
        # the entities that see a group's tests: the group and its combinations
        sees: list[list[int]] = [[g] for g in range(n_groups)]
        for ci, groups in enumerate(combos):
            for g in groups:
                sees[g].append(n_groups + ci)
        self.sees = [np.array(s, dtype=np.int64) for s in sees]
        incidence = np.zeros((n_groups, self.n_entities), dtype=np.float32)
        for g, ents in enumerate(self.sees):
            incidence[g, ents] = 1.0
        self.incidence = incidence

        self.day_load = _Limits.build("tests-per-day", "max", config, self.groups, combos, sizes)
        self.day_heavy = _Limits.build(
            "tests-per-day", "max_heavy", config, self.groups, combos, sizes
        )
        self.week_load = _Limits.build("tests-per-week", "max", config, self.groups, combos, sizes)
        self.tw_load = _Limits.build("test-week-load", "max", config, self.groups, combos, sizes)
        # consecutive-test-days, per group only (a pupil's runs are left to the final check)
        self.runs = _Limits.build(
            "consecutive-test-days", "max", config, self.groups, [], np.zeros(0)
        )

        # the tests
        tests = rows[rows["is_test"]].reset_index(drop=True)
        table = plan.assessments.set_index("id")
        self.ids: list[str] = tests["id"].tolist()
        self.group = tests["group"].map(g_index).to_numpy("int64")
        self.weight = tests["test_weight"].to_numpy("float64")
        self.heavy = tests["is_heavy"].to_numpy("int64")
        self.in_tw = tests["in_test_week"].to_numpy(bool)
        self.subject = tests["subject"].str.casefold().tolist()
        self.kind = tests["kind"].tolist()
        self.teacher = table["teacher"].reindex(self.ids).fillna("").astype("str").tolist()
        locked = table["locked"].reindex(self.ids)
        self.locked = locked.fillna(False).astype(bool).to_numpy()
        sidx = tests["sidx"].to_numpy("float64")
        self.original = np.where(np.isnan(sidx), -1, np.nan_to_num(sidx, nan=-1)).astype("int64")
        # where an off-day test would be counted from: the next school day
        self.anchor = np.where(
            self.original >= 0,
            self.original,
            calendar.index_on_or_after(tests["day"]).to_numpy("int64").clip(0, self.n_days - 1),
        )
        self.test_day = tests["day"]
        announced = pd.to_datetime(tests["announced"], errors="coerce")
        notice = config.rules["notice-period"]
        self.notice_days = np.array(
            [
                float(s["days"]) if (s := notice.settings_for(g)) is not None else np.nan
                for g in tests["group"]
            ]
        )
        self.notice_weight = SEVERITY_WEIGHT[str(notice.severity)]
        self.announced = announced.to_numpy("datetime64[D]")
        self.test_weeks = self._test_week_days(tests)
        self.day_cost, self.quiet = self._day_rules(config, n_groups)
        duplicate = config.rules["duplicate"]
        self.duplicate_weight = (
            SEVERITY_WEIGHT[str(duplicate.severity)] if duplicate.enabled else 0.0
        )
        self.options = options
        self.lessons = lesson_days(plan, timetable)
        self.deadlines = [
            # a test on the deadline itself still counts for that report
            (int(days.searchsorted(pd.Timestamp(r.date), side="right")), r.groups)
            for r in config.report_deadlines
        ]
        self.candidates = [self._candidates(i) for i in range(len(self.ids))]
        self.movable = np.array([len(c) > 0 for c in self.candidates], dtype=bool)
        self.position = self.original.copy()
        self._rebuild()

    # -- what the calendar allows ----------------------------------------------------------------

    def _test_week_days(self, tests: pd.DataFrame) -> dict[tuple[int, str], np.ndarray]:
        """Per (group, test week name) its school-day indexes."""
        spans = self.calendar.test_week_days(self.groups)
        out: dict[tuple[int, str], np.ndarray] = {}
        self.tw_name = tests["test_week"].astype("str").tolist()
        self.tw_day = np.zeros((len(self.groups), self.n_days), dtype=bool)
        if spans.empty:
            return out
        g_index = {g: i for i, g in enumerate(self.groups)}
        idx = self.calendar.school_index(spans["date"]).to_numpy()
        for (group, name), part in pd.DataFrame(
            {"group": spans["group"], "name": spans["test_week"], "sidx": idx}
        ).groupby(["group", "name"]):
            found = part["sidx"].dropna().to_numpy("int64")
            out[(g_index[str(group)], str(name))] = np.sort(found)
        for (g, _), found in out.items():
            self.tw_day[g, found] = True
        return out

    def _day_rules(self, config: SchoolConfig, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
        """Per group and school day: what a test there costs by its day alone, and whether the
        day is in a quiet period. Found by the rules themselves, on a plan with one probe test
        per group and school day, so the search and the check can never disagree on them."""
        cost = np.zeros((n_groups, self.n_days))
        quiet = np.zeros((n_groups, self.n_days), dtype=bool)
        if not self.n_days or not n_groups:
            return cost, quiet
        kind = next((k for k, v in config.kinds.items() if v.test), None)
        if kind is None:
            return cost, quiet
        grid = pd.MultiIndex.from_product([range(n_groups), range(self.n_days)])
        gi, di = grid.get_level_values(0).to_numpy(), grid.get_level_values(1).to_numpy()
        probe = pd.DataFrame(
            {
                "id": [f"p{g}_{d}" for g, d in zip(gi, di, strict=True)],
                "date": self.days[di].strftime("%Y-%m-%d"),
                "group": np.asarray(self.groups, dtype=object)[gi],
                "subject": "probe",
                "kind": kind,
            },
            dtype="str",
        )
        table, _ = finalize(probe, "probe", config)
        plan = Plan(table)
        found = check(plan, config, rules=list(DAY_RULES)).frame
        for rule, severity, tests in zip(
            found["rule"], found["severity"], found["assessments"], strict=True
        ):
            for test in tests:
                g, d = (int(x) for x in str(test)[1:].split("_"))
                cost[g, d] += SEVERITY_WEIGHT[str(severity)]
                if rule in QUIET_RULES:
                    quiet[g, d] = True
        return cost, quiet

    def _candidates(self, i: int) -> np.ndarray:
        """The school days test i may move to (its own day excluded)."""
        if self.locked[i]:
            return np.zeros(0, dtype=np.int64)
        g = int(self.group[i])
        if self.in_tw[i]:
            days = self.test_weeks.get((g, self.tw_name[i]), np.zeros(0, dtype=np.int64))
        else:
            anchor = int(self.anchor[i])
            week = self.week_of[anchor]
            in_window = (self.week_of >= week) & (self.week_of <= week + self.options.weeks)
            ok = in_window & ~self.quiet[g] & ~self.tw_day[g]
            days = np.flatnonzero(ok)
        allowed = self.lessons.get((self.groups[g].casefold(), self.subject[i]))
        if allowed:
            days = days[np.isin(self.weekday[days], sorted(allowed))]
        for deadline, patterns in self.deadlines:
            if matches_any(self.groups[g], patterns):
                before = int(self.anchor[i]) < deadline
                days = days[(days < deadline) == before]
        result: np.ndarray = days[days != self.original[i]]
        return result

    # -- the arrays --------------------------------------------------------------------------

    def _rebuild(self) -> None:
        """The load arrays from the positions of every test."""
        n_e, n_d, n_w = self.n_entities, self.n_days, len(self.week_codes)
        n_g = len(self.groups)
        self.load = np.zeros((n_e, n_d))
        self.heavy_n = np.zeros((n_e, n_d))
        self.count = np.zeros((n_g, n_d), dtype=np.int64)  # tests per group-day (for combos)
        self.busy = np.zeros((n_e, n_d), dtype=np.int64)  # groups with tests that day
        self.wload = np.zeros((n_e, n_w))
        self.wcount = np.zeros((n_g, n_w), dtype=np.int64)
        self.wbusy = np.zeros((n_e, n_w), dtype=np.int64)
        self.tw = np.zeros((n_e, n_d))
        self.twcount = np.zeros((n_g, n_d), dtype=np.int64)
        self.twbusy = np.zeros((n_e, n_d), dtype=np.int64)
        self.subject_days: dict[tuple[int, str, int], int] = {}
        self.kind_days: dict[tuple[int, str, str, int], int] = {}  # the duplicate rule's key
        for i in range(len(self.ids)):
            self._place(i, int(self.position[i]), +1)

    def _place(self, i: int, d: int, sign: int) -> None:
        """Add (sign +1) or take away (-1) test i on school day d."""
        key = (int(self.group[i]), self.subject[i], d)
        self.subject_days[key] = self.subject_days.get(key, 0) + sign
        same = (key[0], key[1], self.kind[i], d)
        self.kind_days[same] = self.kind_days.get(same, 0) + sign
        if d < 0:
            return
        g, ents = int(self.group[i]), self.sees[int(self.group[i])]
        combos = ents[1:]
        if self.in_tw[i]:
            before = self.twcount[g, d]
            self.twcount[g, d] += sign
            self.tw[ents, d] += sign
            if (before == 0) != (self.twcount[g, d] == 0):
                self.twbusy[ents, d] += sign
            return
        self.load[ents, d] += sign * self.weight[i]
        self.heavy_n[ents, d] += sign * self.heavy[i]
        before = self.count[g, d]
        self.count[g, d] += sign
        if (before == 0) != (self.count[g, d] == 0):
            self.busy[combos, d] += sign
            self.busy[g, d] += sign
        w = self.week_of[d]
        self.wload[ents, w] += sign * self.weight[i]
        before = self.wcount[g, w]
        self.wcount[g, w] += sign
        if (before == 0) != (self.wcount[g, w] == 0):
            self.wbusy[ents, w] += sign

    # -- costs -------------------------------------------------------------------------------

    def _judge(
        self,
        ents: np.ndarray,
        load: np.ndarray,
        heavy: np.ndarray | None,
        busy: np.ndarray,
        limits: _Limits,
        heavy_limits: _Limits | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cells (entities x days or weeks): which break a limit that counts, and how far
        over they are. A combination's finding needs load from two of its groups (else it is
        the group's), and a rule that does not apply has weight 0."""
        with np.errstate(invalid="ignore"):
            over = np.maximum(load - limits.limit[ents][:, None], 0.0)
            broken = over > 1e-9
            if heavy is not None and heavy_limits is not None:
                h_over = np.maximum(heavy - heavy_limits.limit[ents][:, None], 0.0)
                broken |= h_over > 0
                over = over + h_over
        alone = self.is_combo[ents][:, None] & (busy < 2)
        broken &= ~alone & (limits.weight[ents][:, None] > 0)
        return broken, np.where(alone, 0.0, over)

    def _cells(
        self,
        ents: np.ndarray,
        load: np.ndarray,
        heavy: np.ndarray | None,
        busy: np.ndarray,
        limits: _Limits,
        heavy_limits: _Limits | None = None,
    ) -> np.ndarray:
        """Cost of cells, summed per column: broken limits and how far over."""
        broken, over = self._judge(ents, load, heavy, busy, limits, heavy_limits)
        weight = limits.weight[ents][:, None]
        cost: np.ndarray = (weight * (broken + EXCESS_WEIGHT / 100.0 * over)).sum(axis=0)
        return cost

    def own_cost(self, tests: np.ndarray, days: np.ndarray) -> np.ndarray:
        """What each test costs by its day alone (pairs tests[k], days[k]; day -1 is its
        non-school day): quiet periods, no room to make up, too little notice."""
        safe = np.clip(days, 0, max(self.n_days - 1, 0))
        if not self.n_days:
            return np.where(days < 0, SEVERITY_WEIGHT["error"], 0.0)
        cost = np.where(days >= 0, self.day_cost[self.group[tests], safe], SEVERITY_WEIGHT["error"])
        notice = self.notice_days[tests]
        announced = self.announced[tests]
        known = ~np.isnan(notice) & ~np.isnat(announced)
        if known.any():
            ahead = (self.day_dates[safe] - announced).astype("int64")
            short = known & (days >= 0) & (ahead < np.nan_to_num(notice))
            cost = cost + np.where(short, self.notice_weight, 0.0)
        result: np.ndarray = cost
        return result

    def position_cost(self, i: int, days: np.ndarray) -> np.ndarray:
        """What test i costs on each of `days`: its own cost and the cost of moving it."""
        cost = self.own_cost(np.full(len(days), i), days)
        moved = days != self.original[i]
        steps = np.abs(np.where(days >= 0, days, self.anchor[i]) - self.anchor[i])
        result: np.ndarray = cost + moved * (MOVE_COST + STEP_COST * steps)
        return result

    def deltas(self, i: int, targets: np.ndarray) -> np.ndarray:
        """Change of the total cost if test i moved to each of `targets` (school days)."""
        d1 = int(self.position[i])
        g = int(self.group[i])
        ents = self.sees[g]
        here = self.position_cost(i, np.array([d1]))[0]
        delta: np.ndarray = self.position_cost(i, targets) - here
        same = np.array(
            [self.subject_days.get((g, self.subject[i], int(d)), 0) > 0 for d in targets]
        )
        delta[same] = np.inf  # never two tests of one subject on a day for a group
        if self.kind_days.get((g, self.subject[i], self.kind[i], d1), 0) == 2:
            delta -= self.duplicate_weight  # moving one of two away ends the duplicate
        if self.in_tw[i]:
            delta += self._delta_cells(
                i, d1, targets, self.tw, None, self.twcount, self.twbusy, self.tw_load, None, 1.0
            )
            return delta
        delta += self._delta_cells(
            i, d1, targets, self.load, self.heavy_n, self.count, self.busy,
            self.day_load, self.day_heavy, self.weight[i],
        )  # fmt: skip
        if self.heavy[i] and self.runs.weight[g] > 0:
            delta += self._delta_runs(i, d1, targets)
        # weeks: only targets in another week change anything
        if d1 >= 0:
            w1 = self.week_of[d1]
            other = self.week_of[targets] != w1
            if other.any():
                wt = self.week_of[targets[other]]
                delta[other] += self._delta_weeks(i, w1, wt, ents, g)
        else:
            wt = self.week_of[targets]
            delta += self._delta_weeks(i, -1, wt, ents, g)
        return delta

    def _delta_cells(
        self,
        i: int,
        d1: int,
        targets: np.ndarray,
        load: np.ndarray,
        heavy: np.ndarray | None,
        count: np.ndarray,
        busy: np.ndarray,
        limits: _Limits,
        heavy_limits: _Limits | None,
        amount: float,
    ) -> np.ndarray:
        g = int(self.group[i])
        ents = self.sees[g]
        h = float(self.heavy[i])
        combo = self.is_combo[ents][:, None]
        out = np.zeros(len(targets))
        if d1 >= 0:
            col = load[ents, d1][:, None]
            hv = heavy[ents, d1][:, None] if heavy is not None else None
            b = busy[ents, d1][:, None]
            gone = int(count[g, d1] == 1)
            before = self._cells(ents, col, hv, b, limits, heavy_limits)
            after = self._cells(
                ents, col - amount, None if hv is None else hv - h,
                b - gone * combo, limits, heavy_limits,
            )  # fmt: skip
            out += (after - before)[0]
        col = load[ents][:, targets]
        hv = heavy[ents][:, targets] if heavy is not None else None
        b = busy[ents][:, targets]
        new = (count[g, targets] == 0).astype(np.int64)[None, :]
        before = self._cells(ents, col, hv, b, limits, heavy_limits)
        after = self._cells(
            ents, col + amount, None if hv is None else hv + h, b + new * combo,
            limits, heavy_limits,
        )  # fmt: skip
        result: np.ndarray = out + (after - before)
        return result

    def _delta_runs(self, i: int, d1: int, targets: np.ndarray) -> np.ndarray:
        """Change in the group's runs of school days with a heavy test that are too long."""
        g = int(self.group[i])
        days = self.heavy_n[g] > 0
        now = days.copy()
        if d1 >= 0 and self.heavy_n[g, d1] - self.heavy[i] <= 0:
            now[d1] = False
        rows = np.repeat(now[None, :], len(targets), axis=0)
        rows[np.arange(len(targets)), targets] = True
        after = _long_runs(rows, self.runs.limit[g])
        before = _long_runs(days[None, :], self.runs.limit[g])[0]
        result: np.ndarray = self.runs.weight[g] * (after - before)
        return result

    def _delta_weeks(
        self, i: int, w1: int, targets: np.ndarray, ents: np.ndarray, g: int
    ) -> np.ndarray:
        amount = self.weight[i]
        combo = self.is_combo[ents][:, None]
        out = np.zeros(len(targets))
        if w1 >= 0:
            col = self.wload[ents, w1][:, None]
            b = self.wbusy[ents, w1][:, None]
            gone = int(self.wcount[g, w1] == 1)
            before = self._cells(ents, col, None, b, self.week_load)
            after = self._cells(ents, col - amount, None, b - gone * combo, self.week_load)
            out += (after - before)[0]
        col = self.wload[ents][:, targets]
        b = self.wbusy[ents][:, targets]
        new = (self.wcount[g, targets] == 0).astype(np.int64)[None, :]
        before = self._cells(ents, col, None, b, self.week_load)
        after = self._cells(ents, col + amount, None, b + new * combo, self.week_load)
        result: np.ndarray = out + (after - before)
        return result

    def move(self, i: int, d: int) -> None:
        self._place(i, int(self.position[i]), -1)
        self.position[i] = d
        self._place(i, d, +1)

    def broken(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which (entity, day), (entity, week) and (entity, test-week day) cells are broken."""
        every = np.arange(self.n_entities)
        return (
            self._judge(every, self.load, self.heavy_n, self.busy, self.day_load,
                        self.day_heavy)[0],
            self._judge(every, self.wload, None, self.wbusy, self.week_load)[0],
            self._judge(every, self.tw, None, self.twbusy, self.tw_load)[0],
        )  # fmt: skip

    def hot(self) -> np.ndarray:
        """Movable tests that sit in a broken cell or cost something by their day."""
        day, week, tw = self.broken()
        inc = self.incidence
        on_day = (inc @ day.astype(np.float32)) > 0
        on_week = (inc @ week.astype(np.float32)) > 0
        on_tw = (inc @ tw.astype(np.float32)) > 0
        pos = self.position
        safe = np.clip(pos, 0, max(self.n_days - 1, 0))
        g = self.group
        hot = np.where(self.in_tw, on_tw[g, safe], on_day[g, safe] | on_week[g, self.week_of[safe]])
        hot &= pos >= 0
        own = (self.own_cost(np.arange(len(pos)), pos) > 0) & (pos == self.original)
        twice = np.array(
            [self.kind_days.get((int(g[i]), self.subject[i], self.kind[i], int(pos[i])), 0) > 1
             for i in range(len(pos))], dtype=bool,
        )  # fmt: skip
        hot |= own | (pos < 0) | (twice & (self.duplicate_weight > 0))
        in_run = _in_long_runs(self.heavy_n[: len(self.groups)] > 0, self.runs.limit)
        hot |= (self.heavy > 0) & ~self.in_tw & in_run[g, safe] & (self.runs.weight[g] > 0)
        return np.flatnonzero(hot & self.movable)

    def options_of(self, i: int) -> np.ndarray:
        """Every day test i could be on: its candidates and its own day, but not where it is."""
        days = self.candidates[i]
        if self.original[i] >= 0:
            days = np.append(days, self.original[i])
        result: np.ndarray = days[days != self.position[i]]
        return result

    def moved(self) -> np.ndarray:
        return np.flatnonzero(self.position != self.original)


def _run_bounds(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of True per row: (row, first, past-the-end) of each."""
    padded = np.zeros((rows.shape[0], rows.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = rows
    step = np.diff(padded, axis=1)
    starts, ends = np.argwhere(step == 1), np.argwhere(step == -1)
    return starts[:, 0], starts[:, 1], ends[:, 1]


def _long_runs(rows: np.ndarray, limit: float) -> np.ndarray:
    """Per row: how many runs of True are longer than `limit`."""
    row, first, end = _run_bounds(rows)
    result: np.ndarray = np.bincount(row, weights=(end - first) > limit, minlength=rows.shape[0])
    return result


def _in_long_runs(rows: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Which cells are in a run of True longer than their row's limit."""
    row, first, end = _run_bounds(rows)
    marked = np.zeros(rows.shape, dtype=bool)
    for r, a, b in zip(row.tolist(), first.tolist(), end.tolist(), strict=True):
        if b - a > limits[r]:
            marked[r, a:b] = True
    return marked


# --- the search -------------------------------------------------------------------------------


def _search(model: _Model, seconds: float, seed: int, max_steps: int | None = None) -> None:
    """Simulated annealing over single-test moves, from the tests in broken cells; leaves the
    model at the best positions found, then takes back every move that is not needed."""
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    deadline = start + seconds
    best_cost = 0.0  # relative to the start
    cost = 0.0
    best = model.position.copy()
    hot = model.hot()
    temperature, cooling = 2.0, 0.999
    steps = accepted = stale = 0
    while hot.size and time.perf_counter() < deadline:
        if max_steps is not None and steps >= max_steps:
            break
        steps += 1
        i = int(hot[rng.integers(hot.size)])
        targets = model.options_of(i)
        if targets.size == 0:
            hot = hot[hot != i]
            continue
        delta = model.deltas(i, targets)
        low = delta.min()
        if not np.isfinite(low):
            hot = hot[hot != i]
            continue
        choices = np.flatnonzero(delta <= low + 1e-9)
        k = int(choices[rng.integers(choices.size)])
        if low < -1e-9 or rng.random() < math.exp(-low / max(temperature, 1e-6)):
            model.move(i, int(targets[k]))
            cost += float(low)
            if cost < best_cost - 1e-9:
                best_cost, best = cost, model.position.copy()
                stale = 0
            accepted += 1
        stale += 1
        if stale > 1000 + 10 * hot.size:
            break  # long without a better plan: what is left is out of reach
        temperature *= cooling
        # which tests are hot is worth recomputing only now and then (it costs ~100 deltas)
        if accepted >= 20 or steps % 200 == 0:
            hot, accepted = model.hot(), 0
    model.position = best
    model._rebuild()
    _tidy(model)


def _tidy(model: _Model) -> None:
    """Per moved test: back to its own day, or to the best day, when that costs nothing."""
    changed = True
    while changed:
        changed = False
        for i in model.moved().tolist():
            targets = model.options_of(i)
            if targets.size == 0:
                continue
            delta = model.deltas(i, targets)
            k = int(np.argmin(delta))
            if delta[k] < -1e-9:
                model.move(i, int(targets[k]))
                changed = True


def _move(model: _Model, table: pd.DataFrame, i: int, day: int) -> Move:
    """Test i (of the model) to school day `day`; `table` is the plan indexed by id."""
    row = table.loc[model.ids[i]].to_dict()
    return Move(
        id=model.ids[i],
        group=str(row["group"]),
        subject=str(row["subject"]),
        kind=str(row["kind"]),
        title=str(row["title"] or ""),
        before=pd.Timestamp(row["date"]).date(),
        after=model.days[day].date(),
    )


def _moves_of(model: _Model, plan: Plan) -> list[Move]:
    table = plan.assessments.set_index("id")
    return [_move(model, table, i, int(model.position[i])) for i in model.moved().tolist()]


def _entity_errors(frame: pd.DataFrame) -> pd.Series:
    """Errors per group and per pupil: ('g', group) / ('p', pupil) -> count."""
    errors = frame[frame["severity"] == "error"]
    keys = [
        ("p", p) if isinstance(p, str) else ("g", g)
        for g, p in zip(errors["group"], errors["pupil"], strict=True)
    ]
    return (
        pd.Series(1, index=pd.Index(keys, tupleize_cols=False), dtype="int64")
        .groupby(level=0)
        .sum()
    )


def repair(
    plan: Plan,
    config: SchoolConfig,
    *,
    members: pd.DataFrame | None = None,
    timetable: Timetable | None = None,
    options: Options | None = None,
    seconds: float = 5.0,
    seed: int = 0,
    lang: str | None = None,
    before: CheckResult | None = None,
    steps: int | None = None,
) -> Repair:
    """Moves that remove as many errors and warnings as possible, moving as few tests as
    little as possible; never a locked test, never a day the calendar or the timetable rules
    out, and never more errors for any group or pupil than before.

    The same seed gives the same moves when the search ends before `seconds` run out: when
    every broken limit is repaired or out of reach, or after `steps` tries (set it for a result
    that does not depend on the machine's speed)."""
    started = time.perf_counter()
    language = check_lang(lang or config.language)
    options = options or Options()
    before = before or check(plan, config, members=members, lang=language)
    model = _Model(plan, config, members, timetable, options)
    # the time left, less what checking the result takes (about a check or two)
    left = max(0.0, seconds * 0.9 - 0.5 - (time.perf_counter() - started))
    _search(model, left, seed, steps)
    moves = _moves_of(model, plan)
    # The real rules have the last word: drop moves until no group or pupil is worse off.
    old_errors = _entity_errors(before.frame)
    for _ in range(len(moves) + 1):
        moved = apply_moves(plan, moves)
        after = check(moved, config, members=members, lang=language)
        new_errors = _entity_errors(after.frame)
        worse = new_errors.sub(old_errors.reindex(new_errors.index, fill_value=0)) > 0
        if not worse.any():
            break
        moves = _without_worst(moves, worse[worse].index.tolist(), members)
    moves = _with_reasons(moves, before.frame, after.frame, language)
    unrepaired = _explain(model, after.frame, language)
    return Repair(moves, before, after, moved, unrepaired, time.perf_counter() - started, seed)


def _without_worst(
    moves: list[Move], entities: list[tuple[str, str]], members: pd.DataFrame | None
) -> list[Move]:
    """The moves minus those of the groups behind the entities that got more errors."""
    groups = {g.casefold() for kind, g in entities if kind == "g"}
    pupils = {p for kind, p in entities if kind == "p"}
    if pupils and members is not None:
        mine = members[members["pupil"].astype("str").isin(pupils)]
        groups |= set(mine["group"].astype("str").str.casefold())
    keep = [m for m in moves if m.group.casefold() not in groups]
    return keep if len(keep) < len(moves) else moves[:-1]


# --- words ------------------------------------------------------------------------------------

_TEXT: dict[str, dict[Lang, str]] = {
    "moves": {"nl": "verplaatst {what} van {before} naar {after}",
              "en": "moves {what} from {before} to {after}"},
    "removes": {"nl": "haalt weg: {found}", "en": "removes: {found}"},
    "more": {"nl": " (en nog {n})", "en": " (and {n} more)"},
    "no_new": {"nl": "geen nieuwe bevinding", "en": "no new finding"},
    "new": {"nl": "nieuw: {found}", "en": "new: {found}"},
    "locked": {"nl": "de toetsen zijn vastgezet", "en": "the tests are locked"},
    "no_day": {
        "nl": "geen vrije dag voor {what} in de week ervan en de volgende",
        "en": "no free day for {what} in its week and the next",
    },
    "no_better": {
        "nl": "elke mogelijke verschuiving geeft een nieuwe fout",
        "en": "every possible move makes a new error",
    },
    "not_a_move": {
        "nl": "niet op te lossen door een toets te verplaatsen",
        "en": "cannot be solved by moving a test",
    },
}  # fmt: skip


def _t(key: str, lang: Lang, **values: Any) -> str:
    return _TEXT[key][lang].format(**values)


def _what(move: Move) -> str:
    return f"{move.subject} {move.group}"


def _with_reasons(
    moves: list[Move], before: pd.DataFrame, after: pd.DataFrame, lang: Lang
) -> list[Move]:
    gone, came = unmatched_findings(before, after)
    resolved, new = _by_test(before[gone]), _by_test(after[came])
    out = []
    for move in moves:
        parts = [
            _t(
                "moves", lang, what=_what(move), before=fmt_date(move.before, lang),
                after=fmt_date(move.after, lang),
            )
        ]  # fmt: skip
        if move.id in resolved:
            parts.append(_t("removes", lang, found=_first(resolved[move.id], lang)))
        if move.id in new:
            parts.append(_t("new", lang, found=_first(new[move.id], lang)))
        else:
            parts.append(_t("no_new", lang))
        out.append(dataclasses.replace(move, reason="; ".join(parts)))
    return out


def _by_test(found: pd.DataFrame) -> dict[str, list[tuple[int, bool, str]]]:
    """Per test id the findings it is in: (severity rank, about a pupil, message)."""
    out: dict[str, list[tuple[int, bool, str]]] = {}
    for severity, pupil, message, tests in zip(
        found["severity"], found["pupil"], found["message"], found["assessments"], strict=True
    ):
        item = (-SEVERITY_RANKS.get(str(severity), -1), isinstance(pupil, str), str(message))
        for test in tests:
            out.setdefault(str(test), []).append(item)
    return out


def _first(found: list[tuple[int, bool, str]], lang: Lang) -> str:
    """The most serious finding's message (a group's before a pupil's), and how many more."""
    text = min(found)[2]
    more = len(found) - 1
    return text + (_t("more", lang, n=more) if more else "")


def _explain(model: _Model, after: pd.DataFrame, lang: Lang) -> list[tuple[int, str]]:
    """Why each error left over was not repaired."""
    index = {test: i for i, test in enumerate(model.ids)}
    out = []
    errors = after[after["severity"] == "error"]
    for row, tests in zip(errors.index, errors["assessments"], strict=True):
        mine = [index[t] for t in tests if t in index]
        if not mine:
            out.append((int(row), _t("not_a_move", lang)))
        elif all(model.locked[i] for i in mine):
            out.append((int(row), _t("locked", lang)))
        elif all(len(model.candidates[i]) == 0 for i in mine):
            i = mine[0]
            what = f"{model.subject[i]} {model.groups[int(model.group[i])]}"
            out.append((int(row), _t("no_day", lang, what=what)))
        else:
            out.append((int(row), _t("no_better", lang)))
    return out


# --- candidates for one finding ---------------------------------------------------------------


def candidates(
    plan: Plan,
    config: SchoolConfig,
    tests: Collection[str],
    *,
    members: pd.DataFrame | None = None,
    timetable: Timetable | None = None,
    options: Options | None = None,
    lang: str | None = None,
    limit: int = 10,
    verify: bool = True,
) -> list[Candidate]:
    """Where the tests of one finding (`tests`: its assessment ids) could go instead: per
    movable test the days that lower the plan's cost without a new error anywhere, best first
    (fewest findings left, least added load, closest, the teacher's tests not stacked)."""
    language = check_lang(lang or config.language)
    options = options or Options()
    model = _Model(plan, config, members, timetable, options)
    index = {test: i for i, test in enumerate(model.ids)}
    ranked: list[tuple[tuple[float, ...], int, int]] = []
    for test in tests:
        i = index.get(test)
        if i is None or model.locked[i]:
            continue
        targets = model.candidates[i]
        if targets.size == 0:
            continue
        delta = model.deltas(i, targets)
        for k in np.flatnonzero(np.isfinite(delta) & (delta < 0)).tolist():
            d = int(targets[k])
            g = int(model.group[i])
            load = float(model.load[g, d] + model.weight[i])
            teacher = model.teacher[i]
            stacked = sum(
                1 for j in np.flatnonzero(model.position == d).tolist()
                if teacher and model.teacher[j] == teacher
            )  # fmt: skip
            distance = abs(d - int(model.anchor[i]))
            ranked.append(((float(delta[k]), load, distance, stacked), i, d))
    ranked.sort(key=lambda r: r[0])
    before = check(plan, config, members=members, lang=language) if verify else None
    out: list[Candidate] = []
    table = plan.assessments.set_index("id")
    for key, i, d in ranked:
        added, steps, stacked = key[1], int(key[2]), int(key[3])
        if len(out) >= limit:
            break
        move = _move(model, table, i, d)
        errors = warnings = -1
        if before is not None:
            after = check(apply_moves(plan, [move]), config, members=members, lang=language)
            worse = _entity_errors(after.frame).sub(_entity_errors(before.frame), fill_value=0)
            if (worse > 0).any():
                continue  # the rules see a new error the model did not: not a candidate
            move = _with_reasons([move], before.frame, after.frame, language)[0]
            errors, warnings = after.summary["errors"], after.summary["warnings"]
        out.append(
            Candidate(model.ids[i], model.days[d].date(), errors, warnings, added,
                      int(steps), int(stacked), move)
        )  # fmt: skip
    return out


__all__ = [
    "Candidate",
    "Move",
    "Options",
    "Repair",
    "Timetable",
    "apply_moves",
    "candidates",
    "lesson_days",
    "repair",
]
