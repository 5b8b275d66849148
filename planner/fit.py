"""Where a new test fits: each day's verdict before the test is in the plan.

For a proposed test (one or more groups, subject, kind, ...) and a range of days, `fit` says per
day what `planner check` would report with the test added on that day, limited to the findings
that involve the new test: per group and, with memberships, per pupil across clusters. From
them a verdict: `closed` (a `non-school-day` finding), `error`, `warning` or `ok`.

Exactly what the check says, because it is the check: the rules run once over a plan that holds
every candidate day as a scenario of its own. A scenario is a copy of the part of the plan the
test can meet (its groups and, with memberships, every group its pupils are in), cut to the
weeks around its day, with the test on that day; its groups, pupils and ids carry a tag
(planner.model.SCENARIO_MARK and a number), which group patterns ignore
(config.matches_any), so no rule sees two scenarios as one. `peak-week` compares a week with
the group's median week over the whole year, so it runs on whole-year copies, one per distinct
week. A day is in one check with the others; the cost is one check of a plan a few times the
size of the part the test meets, instead of one full check per day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner.check import check, effective_config, to_findings
from planner.config import SchoolConfig
from planner.edits import new_row
from planner.errors import InvalidInput
from planner.i18n import Lang, Msg, catalogue, check_lang, count
from planner.model import COLUMNS, SCENARIO_MARK, Plan, Severity
from planner.rules import REGISTRY
from planner.rules.base import FINDING_COLUMNS
from planner.school_calendar import SchoolCalendar

# Verdicts, best first.
OK, WARNING, ERROR, CLOSED = "ok", "warning", "error", "closed"
VERDICTS = (OK, WARNING, ERROR, CLOSED)
PEAK_WEEK = "peak-week"
NON_SCHOOL_DAY = "non-school-day"
# The id of the new test's row for a group (tagged per scenario inside the check).
TEST_ID = "nieuw:{group}"
_WORDS = catalogue(
    __name__,
    {
        "many_pupils": {
            "nl": "{pupils}, bijvoorbeeld: {example}",
            "en": "{pupils}, for example: {example}",
        }
    },
)
_TAG = re.compile(re.escape(SCENARIO_MARK) + r"\d+")


@dataclasses.dataclass(frozen=True)
class Proposal:
    """The test a teacher wants to plan: one row per group, on a day still to choose."""

    groups: tuple[str, ...]
    subject: str
    kind: str
    weight: float | None = None
    minutes: float | None = None
    teacher: str = ""
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"groups": list(self.groups)}


@dataclasses.dataclass
class DayFit:
    """One day's answer: the verdict, its counts and the findings behind it."""

    date: dt.date
    verdict: str
    errors: int
    warnings: int
    pupils: int
    findings: pd.DataFrame  # FINDING_COLUMNS, the findings that involve the new test
    lang: Lang = "nl"

    @property
    def reasons(self) -> list[str]:
        """The findings' sentences, worst first, each once; the same finding for many pupils
        is one sentence ("12 pupils, for example: pupil 250020 has 3 tests on ...")."""
        # In order of the findings: a sentence, or the key of the same finding for pupils.
        order: dict[tuple[str, str, str], None] = {}
        pupils: dict[tuple[str, str, str], list[str]] = {}
        for rule, pupil, message in zip(
            self.findings["rule"], self.findings["pupil"], self.findings["message"], strict=True
        ):
            if isinstance(pupil, str):
                key = ("pupils", rule, message.split(pupil, 1)[-1])  # after `pupil 250020`
                pupils.setdefault(key, []).append(message)
            else:
                key = ("group", rule, message)
            order[key] = None
        reasons = []
        for key in order:
            same = pupils.get(key)
            if same is None:
                reasons.append(key[2])
            elif len(same) == 1:
                reasons.append(same[0])
            else:
                many = count(len(same), "pupil", self.lang)
                reasons.append(_WORDS("many_pupils", self.lang, pupils=many, example=same[0]))
        return reasons

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "verdict": self.verdict,
            "errors": self.errors,
            "warnings": self.warnings,
            "pupils": self.pupils,
            "findings": [f.to_dict() for f in to_findings(self.findings)],
            "reasons": self.reasons,
        }


def best_first(days: Iterable[DayFit]) -> list[DayFit]:
    """The days a test fits best first: by verdict, then the fewest pupils, warnings and
    errors, then the earliest."""
    rank = {verdict: n for n, verdict in enumerate(VERDICTS)}
    return sorted(days, key=lambda d: (rank[d.verdict], d.pupils, d.warnings, d.errors, d.date))


def school_week_days(first: dt.date, weeks: int) -> list[dt.date]:
    """Monday to Friday of `weeks` weeks from the week of `first` (its Monday on)."""
    monday = first - dt.timedelta(days=first.weekday())
    return [monday + dt.timedelta(weeks=w, days=d) for w in range(weeks) for d in range(5)]


def next_monday(today: dt.date) -> dt.date:
    """The Monday after `today` (a week on when today is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def resolve(
    proposal: Proposal, plan: Plan, config: SchoolConfig, members: pd.DataFrame | None = None
) -> Proposal:
    """The proposal in the plan's spelling of its groups and the school's name of its kind;
    an unknown group or kind is InvalidInput naming the nearest ones."""
    known = pd.concat(
        [plan.assessments["group"], members["group"] if members is not None else pd.Series()]
    ).astype("str")
    spelling = {g.casefold(): g for g in known.unique()}
    groups = []
    for group in proposal.groups:
        name = spelling.get(group.strip().casefold())
        if name is None:
            raise InvalidInput(Msg("fit_unknown_group", group=group, names=_near(group, spelling)))
        groups.append(name)
    kinds = config.kind_lookup()
    kind = kinds.get(proposal.kind.strip().casefold())
    if kind is None:
        raise InvalidInput(
            Msg("fit_unknown_kind", kind=proposal.kind, names=_near(proposal.kind, kinds))
        )
    if not proposal.subject.strip():
        raise InvalidInput(Msg("fit_no_subject"))
    return dataclasses.replace(proposal, groups=tuple(dict.fromkeys(groups)), kind=kind)


def _near(text: str, names: dict[str, str]) -> str:
    near = difflib.get_close_matches(text.strip().casefold(), list(names), n=3, cutoff=0.5)
    return ", ".join(names[n] for n in near) or ", ".join(sorted(set(names.values()))[:3])


def test_rows(proposal: Proposal, day: dt.date, config: SchoolConfig) -> pd.DataFrame:
    """The proposal on `day`: a row per group, as the Edit page would add it."""
    return on_day(template(proposal, config), day)


def template(proposal: Proposal, config: SchoolConfig) -> pd.DataFrame:
    """The proposal's rows, validated once (their date is set per day by `on_day`)."""
    rows = []
    for group in proposal.groups:
        fields = row_fields(proposal, group, dt.date(2000, 1, 3))
        row, _ = new_row(fields, config, "fit", TEST_ID.format(group=group))
        rows.append(row)
    return _as_table(pd.DataFrame(rows))


def row_fields(proposal: Proposal, group: str, day: dt.date) -> dict[str, Any]:
    """The fields of the proposal's row for `group` on `day`, as a new row of the plan."""
    fields: dict[str, Any] = {
        "date": day.isoformat(),
        "group": group,
        "subject": proposal.subject,
        "kind": proposal.kind,
        "teacher": proposal.teacher,
        "title": proposal.title,
    }
    if proposal.weight is not None:
        fields["weight"] = proposal.weight
    if proposal.minutes is not None:
        fields["minutes"] = proposal.minutes
    return fields


def on_day(rows: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    return rows.assign(date=pd.Timestamp(day))


def with_test(plan: Plan, proposal: Proposal, day: dt.date, config: SchoolConfig) -> Plan:
    """The plan with the proposal added on `day` (what `fit` judges, and what adding does)."""
    table = pd.concat([plan.assessments, test_rows(proposal, day, config)], ignore_index=True)
    return dataclasses.replace(plan, assessments=_as_table(table))


def fit(
    plan: Plan,
    config: SchoolConfig,
    proposal: Proposal,
    days: Sequence[dt.date],
    *,
    members: pd.DataFrame | None = None,
    lang: str | None = None,
) -> list[DayFit]:
    """Each day's verdict for the proposal (see the module's docstring)."""
    language: Lang = check_lang(lang or config.language)
    proposal = resolve(proposal, plan, config, members)
    days = sorted(set(days))
    if not days:
        return []
    groups = set(proposal.groups)
    pupils: set[str] = set()
    if members is not None:
        folded = {g.casefold() for g in groups}
        mine = members["group"].astype("str").str.casefold().isin(folded)
        pupils = set(members.loc[mine, "pupil"].astype("str"))
        related = members[members["pupil"].astype("str").isin(pupils)]
        groups |= set(related["group"].astype("str"))
        members = related[["pupil", "group"]].astype("str")
    folded_groups = {g.casefold() for g in groups}
    table = plan.assessments
    part = table[table["group"].str.casefold().isin(folded_groups)].reset_index(drop=True)

    test = template(proposal, config)
    frames: list[pd.DataFrame] = []
    # The check's period: the plan's school year(s) with the test in it; a day that widens it
    # (a config without start and end) is checked with the others of that period.
    by_period: dict[tuple[dt.date, dt.date], list[dt.date]] = {}
    plan_dates = plan.assessments["date"]
    for day in days:
        by_period.setdefault(_period(plan_dates, config, day), []).append(day)
    rules = [r for r in REGISTRY if r != PEAK_WEEK]
    for (start, end), period_days in by_period.items():
        period = config.with_period(start, end)
        window = _Window(part, SchoolCalendar(period), period, proposal)
        scenarios = [(day, window.rows(day)) for day in period_days]
        frames.append(_run(part, scenarios, test, period, members, language, rules))
        if _peak_week_on(period, groups):
            weeks: dict[Any, list[dt.date]] = {}
            for day in period_days:
                weeks.setdefault(window.week_key(day), []).append(day)
            every = np.arange(len(part))
            whole = [(same[0], every) for same in weeks.values()]
            peaks = _run(part, whole, test, period, members, language, [PEAK_WEEK])
            dates = dict(zip(part["id"].astype("str"), part["date"], strict=True))
            for same in weeks.values():
                frame = peaks[peaks["day"] == same[0]]
                frames.extend(_on_day(frame, day, dates) for day in same if not frame.empty)
    found = pd.concat(frames, ignore_index=True)
    return _day_fits(days, found, members, language)


def _on_day(frame: pd.DataFrame, day: dt.date, dates: dict[str, pd.Timestamp]) -> pd.DataFrame:
    """A week's findings for the test on another day of that week: the same load, median
    and sentence; their span runs from the first to the last test they list."""
    test = pd.Timestamp(day)

    def span(ids: Sequence[str]) -> tuple[pd.Timestamp, pd.Timestamp]:
        days = [dates.get(str(i), test) for i in ids]
        return min(days), max(days)

    spans = frame["assessments"].map(span)
    return frame.assign(day=day, start=spans.map(lambda s: s[0]), end=spans.map(lambda s: s[1]))


def _period(dates: pd.Series, config: SchoolConfig, day: dt.date) -> tuple[dt.date, dt.date]:
    """The period `check` takes for the plan with a test on `day` (check.effective_config)."""
    if config.start is not None and config.end is not None:
        return config.start, config.end
    stamp = pd.Timestamp(day)
    both = pd.Series([dates.min(), dates.max(), stamp]).dropna()
    period = effective_config(Plan(pd.DataFrame({"date": both})), config)
    assert period.start is not None and period.end is not None
    return period.start, period.end


def _peak_week_on(config: SchoolConfig, groups: Iterable[str]) -> bool:
    rule = config.rules.get(PEAK_WEEK)
    return rule is not None and any(rule.settings_for(g) is not None for g in groups)


class _Window:
    """Which rows of the plan's part a day's scenario needs. Every rule but peak-week looks at
    the test's day, its ISO week, or a run of heavy-test days through it; the rules with a
    window of days around a test (after a holiday or test week, make-up room, notice) judge
    each test on its own. So: the day's week, widened to whole weeks over every run of
    heavy-test days that crosses its edge (consecutive-test-days counts runs of any length)."""

    def __init__(
        self, part: pd.DataFrame, calendar: SchoolCalendar, config: SchoolConfig, proposal: Proposal
    ) -> None:
        self.part = part
        self.school_days = calendar.school_days
        heavy_kinds = {k for k, v in config.kinds.items() if v.heavy and v.test}
        heavy = part.loc[part["kind"].isin(heavy_kinds), "date"].dt.normalize()
        index = calendar.school_index(heavy).dropna().astype("int64")
        self.heavy = set(index.tolist())
        self.days = part["date"].dt.normalize().to_numpy()
        self.tw = calendar.test_week_days(proposal.groups)

    def rows(self, day: dt.date) -> np.ndarray[Any, Any]:
        """The positions in the part of the rows the day's scenario needs."""
        monday = pd.Timestamp(day) - pd.Timedelta(days=day.weekday())
        sunday = monday + pd.Timedelta(days=6)
        days = self.school_days
        low = int(days.searchsorted(monday, side="left"))
        high = int(days.searchsorted(sunday, side="right")) - 1
        # A run of heavy-test days across an edge is taken whole (the test's day counts).
        heavy = self.heavy | {int(days.searchsorted(pd.Timestamp(day), side="left"))}
        while low - 1 in heavy and low in heavy:
            low -= 1
        while high + 1 in heavy and high in heavy:
            high += 1
        if 0 <= low < len(days):
            monday = min(monday, days[low] - pd.Timedelta(days=days[low].weekday()))
        if 0 <= high < len(days):
            sunday = max(sunday, days[high] + pd.Timedelta(days=6 - days[high].weekday()))
        keep = (self.days >= monday.to_datetime64()) & (self.days <= sunday.to_datetime64())
        return np.flatnonzero(keep)

    def week_key(self, day: dt.date) -> tuple[Any, ...]:
        """What peak-week sees of a day: its week, and which groups are in a test week then."""
        stamp = pd.Timestamp(day)
        iso = stamp.isocalendar()
        in_tw: tuple[str, ...] = ()
        if not self.tw.empty:
            in_tw = tuple(sorted(set(self.tw.loc[self.tw["date"] == stamp, "group"])))
        return (iso[0], iso[1], in_tw, stamp in self.school_days)


def _run(
    part: pd.DataFrame,
    scenarios: Sequence[tuple[dt.date, np.ndarray[Any, Any]]],
    test: pd.DataFrame,
    config: SchoolConfig,
    members: pd.DataFrame | None,
    lang: Lang,
    rules: list[str],
) -> pd.DataFrame:
    """One check over every scenario (a day and the positions of its rows in `part`): the
    findings that involve a scenario's test, untagged, with the scenario's `day`."""
    days = [day for day, _ in scenarios]
    marks = np.array([f"{SCENARIO_MARK}{n}" for n in range(len(scenarios))], dtype=object)
    positions = [index for _, index in scenarios]
    theirs = part.iloc[np.concatenate(positions)]
    ours = test.iloc[np.tile(np.arange(len(test)), len(days))].assign(
        date=np.repeat(pd.DatetimeIndex(days).to_numpy(), len(test))
    )
    rows = pd.concat([theirs, ours], ignore_index=True)
    tags = np.concatenate(
        [np.repeat(marks, [len(p) for p in positions]), np.repeat(marks, len(test))]
    )
    rows["id"] = rows["id"].astype("str").to_numpy(dtype=object) + tags
    rows["group"] = rows["group"].astype("str").to_numpy(dtype=object) + tags
    tagged_members = None
    if members is not None:
        tags = np.repeat(marks, len(members))
        tagged_members = pd.DataFrame(
            {
                "pupil": np.tile(members["pupil"].to_numpy(dtype=object), len(days)) + tags,
                "group": np.tile(members["group"].to_numpy(dtype=object), len(days)) + tags,
            }
        )
    plan = Plan(_as_table(rows))
    frame = check(plan, config, members=tagged_members, lang=lang, rules=rules).frame
    scenario = frame["assessments"].map(_scenario_of_test).to_numpy()
    frame = frame[scenario >= 0].reset_index(drop=True)
    frame["day"] = [days[n] for n in scenario[scenario >= 0]]
    for column in ("group", "pupil", "message"):
        text = frame[column]
        frame[column] = text.where(
            text.isna(), text.astype("str").str.replace(_TAG, "", regex=True)
        )
    frame["assessments"] = frame["assessments"].map(
        lambda ids: type(ids)(_TAG.sub("", str(i)) for i in ids)
    )
    return frame


def _scenario_of_test(ids: Sequence[str]) -> int:
    """The scenario whose test a finding lists, or -1 (a finding about other tests only)."""
    for text in ids:
        name, mark, number = str(text).rpartition(SCENARIO_MARK)
        if mark and name.startswith(_TEST_PREFIX):
            return int(number)
    return -1


_TEST_PREFIX = TEST_ID.split("{", 1)[0]


def _as_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The canonical columns in their order (the test's rows lack `source`/`row` details)."""
    return frame.reindex(columns=list(COLUMNS)).reset_index(drop=True)


def _day_fits(
    days: list[dt.date], found: pd.DataFrame, members: pd.DataFrame | None, lang: Lang
) -> list[DayFit]:
    """Each day's verdict, counts and pupils from its findings."""
    severity = found["severity"].astype("str").to_numpy()
    errors = severity == Severity.ERROR
    warnings = severity == Severity.WARNING
    closed = (found["rule"] == NON_SCHOOL_DAY).to_numpy()
    counted = errors | warnings
    pupils = found["pupil"].to_numpy(dtype=object)
    groups = found["group"].astype("str").str.casefold().to_numpy(dtype=object)
    in_group: dict[str, set[str]] = {}
    if members is not None:
        folded = members["group"].str.casefold()
        for group, pupil in zip(folded, members["pupil"], strict=True):
            in_group.setdefault(group, set()).add(pupil)
    where = found.groupby("day", sort=False).indices if len(found) else {}
    empty = pd.DataFrame(columns=list(FINDING_COLUMNS))
    out = []
    for day in days:
        at = where.get(day)
        if at is None:
            out.append(DayFit(day, OK, 0, 0, 0, empty, lang))
            continue
        n_errors, n_warnings = int(errors[at].sum()), int(warnings[at].sum())
        verdict = (
            CLOSED if closed[at].any() else ERROR if n_errors else WARNING if n_warnings else OK
        )
        who: set[str] = set()
        for i in at[counted[at]]:
            pupil = pupils[i]
            if isinstance(pupil, str):
                who.add(pupil)
            else:
                who |= in_group.get(groups[i], set())
        frame = found.iloc[at][list(FINDING_COLUMNS)].reset_index(drop=True)
        out.append(DayFit(day, verdict, n_errors, n_warnings, len(who), frame, lang))
    return out
