"""The suggestions' cost model: the plan's tests on the school days, kept as load arrays."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.check import check, effective_config, prepare
from planner.config import SchoolConfig, matches_any
from planner.importers.common import finalize
from planner.lessons import Lessons, lesson_days
from planner.model import Plan, unify_groups
from planner.suggest.costs import (
    DAY_RULES,
    EXCESS_WEIGHT,
    MOVE_COST,
    NEW_ERROR_WEIGHT,
    QUIET_RULES,
    SEVERITY_WEIGHT,
    STEP_COST,
    Limits,
    in_long_runs,
    run_lengths,
    runs_over,
)
from planner.suggest.moves import Options
from planner.workload import Members


class Model:
    """The plan's tests on the school days, with the load arrays the rules read."""

    def __init__(
        self,
        plan: Plan,
        config: SchoolConfig,
        members: pd.DataFrame | None,
        lessons: Lessons | None,
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
        self.combos = combos
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

        self.day_load = Limits.build("tests-per-day", "max", config, self.groups, combos, sizes)
        self.day_heavy = Limits.build(
            "tests-per-day", "max_heavy", config, self.groups, combos, sizes
        )
        self.week_load = Limits.build("tests-per-week", "max", config, self.groups, combos, sizes)
        self.tw_load = Limits.build("test-week-load", "max", config, self.groups, combos, sizes)
        # consecutive-test-days, per group and per cluster combination (a pupil's runs)
        self.runs = Limits.build("consecutive-test-days", "max", config, self.groups, combos, sizes)
        self.hw_day = Limits.build("homework-per-day", "max", config, self.groups, combos, sizes)
        self.hw_week = Limits.build("homework-per-week", "max", config, self.groups, combos, sizes)

        # the items: every test, and every other item with homework minutes (its minutes count
        # for the homework rules; with options.homework it may move too). "Test i" below is
        # any item.
        in_model = rows["is_test"] | (rows["hw_minutes"] > 0)
        tests = rows[in_model].reset_index(drop=True)
        # the other items stay where they are, but count for the duplicate rule
        rest = rows[~in_model & rows["sidx"].notna()]
        self.other_kind_days: dict[tuple[int, str, str, int], int] = {}
        for key in zip(
            rest["group"].map(g_index), rest["subject"].str.casefold(), rest["kind"],
            rest["sidx"].astype("int64"), strict=True,
        ):  # fmt: skip
            k = (int(key[0]), str(key[1]), str(key[2]), int(key[3]))
            self.other_kind_days[k] = self.other_kind_days.get(k, 0) + 1
        table = plan.assessments.set_index("id")
        self.ids: list[str] = tests["id"].tolist()
        self.is_test = tests["is_test"].to_numpy(bool)
        self.minutes = tests["hw_minutes"].to_numpy("float64")
        self.group = tests["group"].map(g_index).to_numpy("int64")
        self.weight = tests["test_weight"].to_numpy("float64")
        self.heavy = tests["is_heavy"].to_numpy("int64")
        self.in_tw = tests["in_test_week"].to_numpy(bool) & self.is_test
        self.subject = tests["subject"].str.casefold().tolist()
        self.subject_name = tests["subject"].astype("str").tolist()
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
                float(s["days"]) if t and (s := notice.settings_for(g)) is not None else np.nan
                for g, t in zip(tests["group"], self.is_test, strict=True)
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
        # the first school day a test may move to (and tests before it stay where they were)
        self.first_day = int(days.searchsorted(pd.Timestamp(options.today))) if options.today else 0
        self.lesson_days = lesson_days(plan, lessons)
        self.deadlines = [
            # a test on the deadline itself still counts for that report
            (int(days.searchsorted(pd.Timestamp(r.date), side="right")), r.groups)
            for r in config.report_deadlines
        ]
        self.candidates = [self._candidates(i) for i in range(len(self.ids))]
        self.movable = np.array([len(c) > 0 for c in self.candidates], dtype=bool)
        self.position = self.original.copy()
        self.rebuild()
        # the cells and tests without an error at the start: an error there would be new
        day, week, tw, hw, hw_week = self.broken()
        self.fresh_day, self.fresh_week, self.fresh_tw = ~day, ~week, ~tw
        self.fresh_hw, self.fresh_hw_week = ~hw, ~hw_week
        self.own_start = self.own_cost(np.arange(len(self.ids)), self.original)

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
        self.day_error_rule: dict[tuple[int, int], str] = {}
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
                if severity == "error":
                    self.day_error_rule.setdefault((g, d), str(rule))
                if rule in QUIET_RULES:
                    quiet[g, d] = True
        return cost, quiet

    def _candidates(self, i: int) -> np.ndarray:
        """The school days test i may move to (its own day excluded): in its test week when it
        is in one, else in the window around its week on a lesson day of its subject, outside
        quiet periods and test weeks; never before today, never across a report deadline."""
        if self.locked[i] or self.past(i):
            return np.zeros(0, dtype=np.int64)
        g = int(self.group[i])
        if not self.is_test[i]:
            return self._homework_days(i) if self.options.homework else np.zeros(0, np.int64)
        if self.in_tw[i]:
            # a test week has its own timetable of sessions: any of its days will do
            days = self.test_weeks.get((g, self.tw_name[i]), np.zeros(0, dtype=np.int64))
        else:
            first, last = self.window(i)
            ok = ~self.quiet[g] & ~self.tw_day[g]
            ok[:first] = False
            ok[last + 1 :] = False
            days = self._on_lesson_days(i, np.flatnonzero(ok))
        days = days[days >= self.first_day]
        for deadline, patterns in self.deadlines:
            if matches_any(self.groups[g], patterns):
                before = int(self.anchor[i]) < deadline
                days = days[(days < deadline) == before]
        result: np.ndarray = days[days != self.original[i]]
        return result

    def _homework_days(self, i: int) -> np.ndarray:
        """Homework: any school day in its window on a lesson day of its subject (the test
        rules' quiet periods, test weeks and report deadlines are about tests)."""
        first, last = self.window(i)
        days = self._on_lesson_days(i, np.arange(first, last + 1))
        result: np.ndarray = days[days != self.original[i]]
        return result

    def _on_lesson_days(self, i: int, days: np.ndarray) -> np.ndarray:
        """Those of `days` that are lesson days of item i's subject for its group (all of
        them when its lesson days are not known)."""
        allowed = self.lesson_days.get(
            (self.groups[int(self.group[i])].casefold(), self.subject[i])
        )
        if not allowed:
            return days
        result: np.ndarray = days[np.isin(self.weekday[days], sorted(allowed))]
        return result

    def past(self, i: int) -> bool:
        """Whether item i is before today (or the calendar has no school day): it stays."""
        return bool(self.anchor[i] < self.first_day) or not self.n_days

    def window(self, i: int) -> tuple[int, int]:
        """The first and last school day of test i's window: from `weeks_before` school weeks
        before its own week to `weeks_after` after it."""
        week = int(self.week_of[int(self.anchor[i])])
        lo = int(np.searchsorted(self.week_of, week - self.options.weeks_before, side="left"))
        hi = int(np.searchsorted(self.week_of, week + self.options.weeks_after, side="right"))
        return max(lo, self.first_day), hi - 1

    # -- the arrays --------------------------------------------------------------------------

    def rebuild(self) -> None:
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
        self.hw = np.zeros((n_e, n_d))  # homework minutes
        self.hcount = np.zeros((n_g, n_d), dtype=np.int64)
        self.hbusy = np.zeros((n_e, n_d), dtype=np.int64)
        self.whw = np.zeros((n_e, n_w))
        self.whcount = np.zeros((n_g, n_w), dtype=np.int64)
        self.whbusy = np.zeros((n_e, n_w), dtype=np.int64)
        self.subject_days: dict[tuple[int, str, int], int] = {}
        # the duplicate rule's key: (group, subject, kind, day)
        self.kind_days: dict[tuple[int, str, str, int], int] = dict(self.other_kind_days)
        for i in range(len(self.ids)):
            self._place(i, int(self.position[i]), +1)

    def _place(self, i: int, d: int, sign: int) -> None:
        """Add (sign +1) or take away (-1) test i on school day d."""
        key = (int(self.group[i]), self.subject[i], d)
        if self.is_test[i]:
            self.subject_days[key] = self.subject_days.get(key, 0) + sign
        same = (key[0], key[1], self.kind[i], d)
        self.kind_days[same] = self.kind_days.get(same, 0) + sign
        if d < 0:
            return
        g, ents = int(self.group[i]), self.sees[int(self.group[i])]
        if self.minutes[i] > 0:
            _add(self.hw, self.hcount, self.hbusy, g, ents, d, sign, self.minutes[i])
            w = self.week_of[d]
            _add(self.whw, self.whcount, self.whbusy, g, ents, w, sign, self.minutes[i])
        if not self.is_test[i]:
            return
        if self.in_tw[i]:
            _add(self.tw, self.twcount, self.twbusy, g, ents, d, sign, 1.0)
            return
        _add(self.load, self.count, self.busy, g, ents, d, sign, self.weight[i])
        self.heavy_n[ents, d] += sign * self.heavy[i]
        _add(self.wload, self.wcount, self.wbusy, g, ents, self.week_of[d], sign, self.weight[i])

    # -- costs -------------------------------------------------------------------------------

    def judge(
        self,
        ents: np.ndarray,
        load: np.ndarray,
        heavy: np.ndarray | None,
        busy: np.ndarray,
        limits: Limits,
        heavy_limits: Limits | None = None,
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
        limits: Limits,
        heavy_limits: Limits | None = None,
        fresh: np.ndarray | None = None,
    ) -> np.ndarray:
        """Cost of cells, summed per column: broken limits and how far over, and a new error
        in a `fresh` cell (one that held at the start)."""
        broken, over = self.judge(ents, load, heavy, busy, limits, heavy_limits)
        weight = limits.weight[ents][:, None]
        cost: np.ndarray = (weight * (broken + EXCESS_WEIGHT / 100.0 * over)).sum(axis=0)
        if fresh is not None:
            error = heavy_limits.error[ents] if heavy_limits is not None else False
            new = broken & fresh & (limits.error[ents] | error)[:, None]
            cost = cost + NEW_ERROR_WEIGHT * new.sum(axis=0)
        return cost

    def own_cost(self, tests: np.ndarray, days: np.ndarray) -> np.ndarray:
        """What each test costs by its day alone (pairs tests[k], days[k]; day -1 is its
        non-school day): quiet periods, no room to make up, too little notice."""
        safe = np.clip(days, 0, max(self.n_days - 1, 0))
        if not self.n_days:
            return np.where(days < 0, SEVERITY_WEIGHT["error"], 0.0)
        # the day rules are about tests; any item off a school day is an error
        by_day = self.day_cost[self.group[tests], safe] * self.is_test[tests]
        cost = np.where(days >= 0, by_day, SEVERITY_WEIGHT["error"])
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
        # later: per school day; earlier: per calendar day, as every day earlier is a day less
        # for the pupils to prepare (over a holiday too)
        anchor = int(self.anchor[i])
        at = np.where(days >= 0, days, anchor)
        back = (self.day_dates[anchor] - self.day_dates[at]).astype("int64")
        steps = np.where(at < anchor, back, at - anchor)
        error = SEVERITY_WEIGHT["error"]
        new = moved & (cost >= error) & (self.own_start[i] < error)
        result: np.ndarray = cost + moved * (MOVE_COST + STEP_COST * steps) + NEW_ERROR_WEIGHT * new
        return result

    def deltas(self, i: int, targets: np.ndarray) -> np.ndarray:
        """Change of the total cost if test i moved to each of `targets` (school days)."""
        d1 = int(self.position[i])
        g = int(self.group[i])
        here = self.position_cost(i, np.array([d1]))[0]
        delta: np.ndarray = self.position_cost(i, targets) - here
        same = np.array(
            [self.subject_days.get((g, self.subject[i], int(d)), 0) > 0 for d in targets]
        )
        delta[same & self.is_test[i]] = np.inf  # never two tests of a subject on a group's day
        key = (g, self.subject[i], self.kind[i])
        if self.kind_days.get((*key, d1), 0) == 2:
            delta -= self.duplicate_weight  # moving one of two away ends the duplicate
        # never onto a day with one of the same subject and kind: it would look entered twice
        # (for tests the subject alone rules it out)
        twin = np.array([self.kind_days.get((*key, int(d)), 0) > 0 for d in targets], dtype=bool)
        delta[twin] = np.inf
        if self.minutes[i] > 0:
            delta += self._delta_cells(
                i, d1, targets, self.hw, None, self.hcount, self.hbusy, self.hw_day, None,
                self.minutes[i], self.fresh_hw,
            )  # fmt: skip
            delta += self._delta_weeks(
                i, d1, targets, self.whw, self.whcount, self.whbusy, self.hw_week,
                self.minutes[i], self.fresh_hw_week,
            )  # fmt: skip
        if not self.is_test[i]:
            return delta
        if self.in_tw[i]:
            delta += self._delta_cells(
                i, d1, targets, self.tw, None, self.twcount, self.twbusy, self.tw_load, None,
                1.0, self.fresh_tw,
            )  # fmt: skip
            return delta
        delta += self._delta_cells(
            i, d1, targets, self.load, self.heavy_n, self.count, self.busy,
            self.day_load, self.day_heavy, self.weight[i], self.fresh_day,
        )  # fmt: skip
        if self.heavy[i]:
            delta += self._delta_runs(i, d1, targets)
        delta += self._delta_weeks(
            i, d1, targets, self.wload, self.wcount, self.wbusy, self.week_load, self.weight[i],
            self.fresh_week,
        )  # fmt: skip
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
        limits: Limits,
        heavy_limits: Limits | None,
        amount: float,
        fresh: np.ndarray,
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
            f1 = fresh[ents, d1][:, None]
            before = self._cells(ents, col, hv, b, limits, heavy_limits, f1)
            after = self._cells(
                ents, col - amount, None if hv is None else hv - h,
                b - gone * combo, limits, heavy_limits, f1,
            )  # fmt: skip
            out += (after - before)[0]
        col = load[ents][:, targets]
        hv = heavy[ents][:, targets] if heavy is not None else None
        b = busy[ents][:, targets]
        new = (count[g, targets] == 0).astype(np.int64)[None, :]
        ft = fresh[ents][:, targets]
        before = self._cells(ents, col, hv, b, limits, heavy_limits, ft)
        after = self._cells(
            ents, col + amount, None if hv is None else hv + h, b + new * combo,
            limits, heavy_limits, ft,
        )  # fmt: skip
        result: np.ndarray = out + (after - before)
        return result

    def _delta_runs(self, i: int, d1: int, targets: np.ndarray) -> np.ndarray:
        """Change in the runs of school days with a heavy test that are too long, for the group
        and its pupils' combinations: a run changes only where the test leaves or arrives."""
        ents = self.sees[int(self.group[i])]
        ents = ents[self.runs.weight[ents] > 0]
        if not ents.size:
            return np.zeros(len(targets))
        limit = self.runs.limit[ents]
        days = self.heavy_n[ents] > 0
        now = days.copy()
        if d1 >= 0:
            now[:, d1] = self.heavy_n[ents, d1] - self.heavy[i] > 0
        gone = runs_over(now, limit) - runs_over(days, limit)  # per entity
        ending, starting = run_lengths(now)
        left = np.where(targets > 0, ending[:, np.maximum(targets - 1, 0)], 0)
        right = np.where(
            targets < self.n_days - 1, starting[:, np.minimum(targets + 1, self.n_days - 1)], 0
        )
        lim = limit[:, None]
        merged = (left + 1 + right > lim).astype(np.int64) - (left > lim) - (right > lim)
        merged = np.where(now[:, targets], 0, merged)  # already a heavy day: nothing changes
        weight = self.runs.weight[ents][:, None]
        result: np.ndarray = (weight * (gone[:, None] + merged)).sum(axis=0)
        return result

    def _delta_weeks(
        self,
        i: int,
        d1: int,
        days: np.ndarray,
        load: np.ndarray,
        count: np.ndarray,
        busy: np.ndarray,
        limits: Limits,
        amount: float,
        fresh: np.ndarray,
    ) -> np.ndarray:
        """Change in the week cells if test i moved from school day d1 to each of `days`:
        only a day in another week changes anything."""
        g = int(self.group[i])
        ents = self.sees[g]
        out = np.zeros(len(days))
        w1 = int(self.week_of[d1]) if d1 >= 0 else -1
        other = self.week_of[days] != w1
        if not other.any():
            return out
        targets = self.week_of[days[other]]
        combo = self.is_combo[ents][:, None]
        if w1 >= 0:
            col = load[ents, w1][:, None]
            b = busy[ents, w1][:, None]
            gone = int(count[g, w1] == 1)
            f1 = fresh[ents, w1][:, None]
            before = self._cells(ents, col, None, b, limits, None, f1)
            after = self._cells(ents, col - amount, None, b - gone * combo, limits, None, f1)
            out[other] += (after - before)[0]
        col = load[ents][:, targets]
        b = busy[ents][:, targets]
        new = (count[g, targets] == 0).astype(np.int64)[None, :]
        ft = fresh[ents][:, targets]
        before = self._cells(ents, col, None, b, limits, None, ft)
        after = self._cells(ents, col + amount, None, b + new * combo, limits, None, ft)
        out[other] += after - before
        return out

    def move(self, i: int, d: int) -> None:
        self._place(i, int(self.position[i]), -1)
        self.position[i] = d
        self._place(i, d, +1)

    def broken(self) -> tuple[np.ndarray, ...]:
        """Which (entity, day), (entity, week) and (entity, test-week day) cells are broken,
        and the homework's (entity, day) and (entity, week)."""
        every = np.arange(self.n_entities)
        return (
            self.judge(every, self.load, self.heavy_n, self.busy, self.day_load,
                        self.day_heavy)[0],
            self.judge(every, self.wload, None, self.wbusy, self.week_load)[0],
            self.judge(every, self.tw, None, self.twbusy, self.tw_load)[0],
            self.judge(every, self.hw, None, self.hbusy, self.hw_day)[0],
            self.judge(every, self.whw, None, self.whbusy, self.hw_week)[0],
        )  # fmt: skip

    def hot(self) -> np.ndarray:
        """Movable tests that sit in a broken cell or cost something by their day."""
        inc = self.incidence
        on_day, on_week, on_tw, on_hw, on_hw_week = (
            (inc @ cells.astype(np.float32)) > 0 for cells in self.broken()
        )
        pos = self.position
        safe = np.clip(pos, 0, max(self.n_days - 1, 0))
        g, week = self.group, self.week_of[safe]
        hot = np.where(self.in_tw, on_tw[g, safe], on_day[g, safe] | on_week[g, week])
        hot &= self.is_test
        hot |= (self.minutes > 0) & (on_hw[g, safe] | on_hw_week[g, week])
        hot &= pos >= 0
        own = (self.own_cost(np.arange(len(pos)), pos) > 0) & (pos == self.original)
        twice = np.array(
            [self.kind_days.get((int(g[i]), self.subject[i], self.kind[i], int(pos[i])), 0) > 1
             for i in range(len(pos))], dtype=bool,
        )  # fmt: skip
        hot |= own | (pos < 0) | (twice & (self.duplicate_weight > 0))
        in_run = in_long_runs(self.heavy_n > 0, self.runs.limit) & (self.runs.weight > 0)[:, None]
        on_run = (inc @ in_run.astype(np.float32)) > 0
        hot |= (self.heavy > 0) & ~self.in_tw & on_run[g, safe]
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

    def put(self, days: dict[int, int]) -> None:
        """Every test on its own day but these (test -> school day)."""
        self.position = self.original.copy()
        for i, d in days.items():
            self.position[i] = d
        self.rebuild()


def _add(
    load: np.ndarray,
    count: np.ndarray,
    busy: np.ndarray,
    g: int,
    ents: np.ndarray,
    at: int,
    sign: int,
    amount: float,
) -> None:
    """Add (sign +1) or take away (-1) `amount` of group g at column `at` of the entities that
    see it, with the group's count and the entities' busy groups (for combinations)."""
    load[ents, at] += sign * amount
    before = count[g, at]
    count[g, at] += sign
    if (before == 0) != (count[g, at] == 0):
        busy[ents, at] += sign
