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

        # the tests
        tests = rows[rows["is_test"]].reset_index(drop=True)
        table = plan.assessments.set_index("id")
        self.ids: list[str] = tests["id"].tolist()
        self.group = tests["group"].map(g_index).to_numpy("int64")
        self.weight = tests["test_weight"].to_numpy("float64")
        self.heavy = tests["is_heavy"].to_numpy("int64")
        self.in_tw = tests["in_test_week"].to_numpy(bool)
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
        day, week, tw = self.broken()
        self.fresh_day, self.fresh_week, self.fresh_tw = ~day, ~week, ~tw
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
        if self.locked[i] or self.anchor[i] < self.first_day:
            return np.zeros(0, dtype=np.int64)  # locked, or already past
        g = int(self.group[i])
        if self.in_tw[i]:
            # a test week has its own timetable of sessions: any of its days will do
            days = self.test_weeks.get((g, self.tw_name[i]), np.zeros(0, dtype=np.int64))
        else:
            first, last = self.window(i)
            ok = ~self.quiet[g] & ~self.tw_day[g]
            ok[:first] = False
            ok[last + 1 :] = False
            days = np.flatnonzero(ok)
            allowed = self.lesson_days.get((self.groups[g].casefold(), self.subject[i]))
            if allowed:
                days = days[np.isin(self.weekday[days], sorted(allowed))]
        days = days[days >= self.first_day]
        for deadline, patterns in self.deadlines:
            if matches_any(self.groups[g], patterns):
                before = int(self.anchor[i]) < deadline
                days = days[(days < deadline) == before]
        result: np.ndarray = days[days != self.original[i]]
        return result

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
        self, i: int, w1: int, targets: np.ndarray, ents: np.ndarray, g: int
    ) -> np.ndarray:
        amount = self.weight[i]
        combo = self.is_combo[ents][:, None]
        out = np.zeros(len(targets))
        if w1 >= 0:
            col = self.wload[ents, w1][:, None]
            b = self.wbusy[ents, w1][:, None]
            gone = int(self.wcount[g, w1] == 1)
            f1 = self.fresh_week[ents, w1][:, None]
            before = self._cells(ents, col, None, b, self.week_load, None, f1)
            after = self._cells(
                ents, col - amount, None, b - gone * combo, self.week_load, None, f1
            )
            out += (after - before)[0]
        col = self.wload[ents][:, targets]
        b = self.wbusy[ents][:, targets]
        new = (self.wcount[g, targets] == 0).astype(np.int64)[None, :]
        ft = self.fresh_week[ents][:, targets]
        before = self._cells(ents, col, None, b, self.week_load, None, ft)
        after = self._cells(ents, col + amount, None, b + new * combo, self.week_load, None, ft)
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
            self.judge(every, self.load, self.heavy_n, self.busy, self.day_load,
                        self.day_heavy)[0],
            self.judge(every, self.wload, None, self.wbusy, self.week_load)[0],
            self.judge(every, self.tw, None, self.twbusy, self.tw_load)[0],
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
