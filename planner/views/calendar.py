"""The calendar: one group's or one pupil's school weeks day by day: what is planned, which days
are off or in a test week, and the findings that touch each day."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from planner.check import effective_config
from planner.config import SchoolConfig
from planner.i18n import Lang, catalogue
from planner.model import Plan, unify_groups, worst_first
from planner.school_calendar import SchoolCalendar

# What a day is, for the shading and the words beside it.
SCHOOL = "school"
OFF = "off"  # a holiday, public holiday or day off: `off` holds its name
WEEKEND = "weekend"
OUTSIDE = "outside"  # before the first or after the last day of the school year

DAY_COLUMNS = ("day", "monday", "week", "status", "off", "test_week")
ITEM_COLUMNS = (
    "day",
    "when",
    "group",
    "subject",
    "kind",
    "title",
    "is_test",
    "is_heavy",
    "weight",
    "minutes",
    "id",
)
FINDING_COLUMNS = (
    "day",
    "first",
    "rule",
    "severity",
    "group",
    "pupil",
    "start",
    "end",
    "value",
    "limit",
    "message",
    "reference",
    "decision",
)
# A lesson period as the calendar shows it when the test has no clock time.
_T = catalogue(__name__, {"period": {"nl": "{n}e uur", "en": "period {n}"}})


@dataclasses.dataclass(frozen=True, slots=True)
class CalendarView:
    """The weeks from `first` on for a group or a pupil.

    `days`: one row per day shown (Monday to Friday, and a weekend day only when something is
    planned on it): `status` (school, off, weekend, outside), `off` (the holiday's name),
    `test_week` (its name, '' outside one). `items`: what is planned on those days, in the
    order of the day. `findings`: one row per finding per day it touches (the days of its tests,
    else its first day); `first` marks the first of those days in view.
    """

    groups: tuple[str, ...]
    pupil: str | None
    first: dt.date
    weeks: int
    days: pd.DataFrame
    items: pd.DataFrame
    findings: pd.DataFrame

    def mondays(self) -> list[dt.date]:
        return [self.first + dt.timedelta(weeks=i) for i in range(self.weeks)]

    def on(self, day: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The items and findings of one day."""
        ts = pd.Timestamp(day)
        return (
            self.items[self.items["day"] == ts],
            self.findings[self.findings["day"] == ts],
        )


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def as_date(value: object) -> dt.date | None:
    """A date from what a session or a chart hands over (date, datetime, Timestamp, text)."""
    if value is None or value == "":
        return None
    try:
        stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def school_mondays(plan: Plan, config: SchoolConfig) -> list[dt.date]:
    """The Monday of every week of the school year (or the period around the plan)."""
    config = effective_config(plan, config)
    assert config.start is not None and config.end is not None
    first = monday_of(config.start)
    return [first + dt.timedelta(weeks=i) for i in range((config.end - first).days // 7 + 1)]


def default_monday(plan: Plan, config: SchoolConfig, today: dt.date) -> dt.date:
    """This week when it lies in the school year, else the week of the plan's first item."""
    mondays = school_mondays(plan, config)
    this = monday_of(today)
    if mondays[0] <= this <= mondays[-1] or plan.assessments.empty:
        return this
    return monday_of(plan.assessments["date"].min().date())


def aligned_members(plan: Plan, members: pd.DataFrame) -> pd.DataFrame:
    """(pupil, group) rows with groups spelled as in the plan (members.csv may write `4h.wisb`
    where the plan has `4h.wisB`), as the check aligns them."""
    groups = unify_groups(members["group"].astype("str"), plan.assessments["group"])
    return pd.DataFrame({"pupil": members["pupil"].astype("str"), "group": groups})


def pupil_ids(members: pd.DataFrame | None) -> list[str]:
    """Every pupil's pseudonymous id, numbers in numeric order."""
    if members is None or members.empty:
        return []
    ids = members["pupil"].astype("str").unique().tolist()
    return sorted(ids, key=lambda p: (len(p), p) if p.isdigit() else (10**9, p))


def pupil_groups(plan: Plan, members: pd.DataFrame | None, pupil: str) -> list[str]:
    """The groups (class and clusters) of one pupil, spelled as in the plan."""
    if members is None or members.empty:
        return []
    aligned = aligned_members(plan, members)
    mine = aligned.loc[aligned["pupil"] == str(pupil), "group"]
    return sorted(set(mine), key=str.casefold)


def calendar_view(
    plan: Plan,
    config: SchoolConfig,
    findings: pd.DataFrame,
    *,
    first: dt.date,
    weeks: int = 4,
    group: str | None = None,
    pupil: str | None = None,
    members: pd.DataFrame | None = None,
    lang: Lang = "nl",
) -> CalendarView:
    """The calendar of a group, or of a pupil (the union of the pupil's groups), for `weeks`
    weeks from the week of `first`. Holiday names are in `lang`."""
    if (group is None) == (pupil is None):
        raise ValueError("calendar_view needs a group or a pupil")
    first = monday_of(first)
    last = first + dt.timedelta(weeks=weeks, days=-1)
    groups = (group,) if group is not None else tuple(pupil_groups(plan, members, str(pupil)))
    config = effective_config(plan, config).in_language(lang)
    calendar = SchoolCalendar(config)
    items = _items(plan, config, groups, first, last, lang)
    days = _days(calendar, groups, first, last, set(items["day"].dt.date))
    shown = _findings(plan, findings, groups, None if pupil is None else str(pupil), days)
    return CalendarView(
        groups=groups,
        pupil=None if pupil is None else str(pupil),
        first=first,
        weeks=weeks,
        days=days,
        items=items,
        findings=shown,
    )


def _days(
    calendar: SchoolCalendar,
    groups: tuple[str, ...],
    first: dt.date,
    last: dt.date,
    busy: set[dt.date],
) -> pd.DataFrame:
    stamps = pd.date_range(first, last, freq="D", unit="us")
    keep = (stamps.day_of_week < 5) | stamps.isin(pd.DatetimeIndex(sorted(busy)))
    stamps = stamps[keep]
    school = stamps.isin(calendar.school_days)
    names = [calendar.holiday_name(d.date()) for d in stamps]
    inside = (stamps >= pd.Timestamp(calendar.start)) & (stamps <= pd.Timestamp(calendar.end))
    status = np.select(
        [school, np.array([n != "" for n in names], dtype=bool), stamps.day_of_week >= 5, ~inside],
        [SCHOOL, OFF, WEEKEND, OUTSIDE],
        default=OFF,  # a weekday without school inside the year always has a name; be safe
    )
    days = pd.DataFrame(
        {
            "day": stamps,
            "monday": stamps - pd.to_timedelta(stamps.day_of_week, unit="D"),
            "week": stamps.isocalendar()["week"].to_numpy(dtype="int64"),
            "status": pd.Series(status, dtype="str"),
            "off": pd.Series(names, dtype="str"),
        }
    )
    tw = calendar.test_week_days(groups)
    tw = tw[(tw["date"] >= stamps.min()) & (tw["date"] <= stamps.max())] if len(stamps) else tw
    names_per_day: dict[pd.Timestamp, set[str]] = {}
    for day, name in zip(tw["date"].tolist(), tw["test_week"].tolist(), strict=True):
        names_per_day.setdefault(pd.Timestamp(day), set()).add(str(name))
    days["test_week"] = pd.Series(
        [", ".join(sorted(names_per_day.get(day, ()))) for day in days["day"]],
        index=days.index,
        dtype="str",
    )
    return days[list(DAY_COLUMNS)]


def _when(start: pd.Series, end: pd.Series, period: pd.Series, lang: Lang) -> list[str]:
    """`08:30-10:00`, `08:30`, `3e uur` / `period 3`, or '' when the time is not known."""
    out = []
    period_text = _T["period"][lang]
    for s, e, p in zip(
        start.fillna("").astype("str"),
        end.fillna("").astype("str"),
        period.astype("object"),
        strict=True,
    ):
        if s:
            out.append(f"{s}-{e}" if e else s)
        elif p is not None and not pd.isna(p):
            out.append(period_text.format(n=int(p)))
        else:
            out.append("")
    return out


def _items(
    plan: Plan,
    config: SchoolConfig,
    groups: tuple[str, ...],
    first: dt.date,
    last: dt.date,
    lang: Lang,
) -> pd.DataFrame:
    table = plan.assessments
    day = table["date"].dt.normalize()
    mine = table[
        table["group"].isin(groups) & (day >= pd.Timestamp(first)) & (day <= pd.Timestamp(last))
    ]
    kinds = config.kinds
    is_test = mine["kind"].map({k: v.test for k, v in kinds.items()}).eq(True)
    is_heavy = mine["kind"].map({k: v.heavy for k, v in kinds.items()}).eq(True) & is_test
    items = pd.DataFrame(
        {
            "day": mine["date"].dt.normalize().astype("datetime64[us]"),
            "when": pd.Series(
                _when(mine["start"], mine["end"], mine["period"], lang), dtype="str"
            ).set_axis(mine.index),
            "group": mine["group"].astype("str"),
            "subject": mine["subject"].astype("str"),
            "kind": mine["kind"].astype("str"),
            "title": mine["title"].fillna("").astype("str"),
            "is_test": is_test.astype("bool"),
            "is_heavy": is_heavy.astype("bool"),
            "weight": mine["weight"].where(is_test, 0.0).fillna(0.0).astype("float64"),
            "minutes": mine["minutes"].fillna(0.0).astype("float64"),
            "id": mine["id"].astype("str"),
        }
    )
    # The order of a school day: timed items by clock or lesson, then the rest, tests first.
    clock = mine["start"].fillna("").astype("str")
    lesson = mine["period"].astype("float64").fillna(99.0)
    order = pd.DataFrame(
        {
            "day": items["day"],
            "untimed": (clock == "") & (lesson == 99.0),
            "lesson": lesson,
            "clock": clock,
            "homework": ~items["is_test"],
            "group": items["group"].str.casefold(),
            "subject": items["subject"].str.casefold(),
        }
    )
    index = order.sort_values(list(order.columns), kind="stable").index
    return items.loc[index, list(ITEM_COLUMNS)].reset_index(drop=True)


def _findings(
    plan: Plan,
    findings: pd.DataFrame,
    groups: tuple[str, ...],
    pupil: str | None,
    days: pd.DataFrame,
) -> pd.DataFrame:
    """The group findings of the groups, and (for a pupil) the pupil's own, on each day they
    touch: the days of their tests between start and end, else the first day."""
    empty = pd.DataFrame(
        {
            c: pd.Series([], dtype="datetime64[us]" if c == "day" else "object")
            for c in FINDING_COLUMNS
        }
    )
    if findings.empty or days.empty:
        return empty
    is_group = findings["pupil"].isna() & findings["group"].isin(groups)
    if pupil is not None:
        is_group |= findings["pupil"].astype("object").eq(pupil)
    found = findings[is_group].reset_index(drop=True)
    if found.empty:
        return empty
    found = found.assign(
        start=pd.to_datetime(found["start"]).astype("datetime64[us]"),
        end=pd.to_datetime(found["end"]).astype("datetime64[us]"),
        fid=np.arange(len(found)),
    )
    ids = found[["fid", "assessments"]].assign(
        id=found["assessments"].map(lambda a: list(a) if isinstance(a, list | tuple) else [])
    )
    ids = ids.explode("id").dropna(subset=["id"])
    dates = plan.assessments[["id", "date"]].assign(day=plan.assessments["date"].dt.normalize())
    placed = ids[["fid", "id"]].merge(dates[["id", "day"]].astype({"id": "object"}), on="id")
    placed = placed.merge(found[["fid", "start", "end"]], on="fid")
    placed = placed[(placed["day"] >= placed["start"]) & (placed["day"] <= placed["end"])]
    # A finding without tests in its span (or whose tests moved) is shown on its first day.
    bare = found.loc[~found["fid"].isin(placed["fid"]), ["fid", "start"]]
    spots = pd.concat(
        [placed[["fid", "day"]], bare.rename(columns={"start": "day"})], ignore_index=True
    ).drop_duplicates()
    spots["day"] = spots["day"].astype("datetime64[us]")
    spots = spots[spots["day"].isin(days["day"])]
    if spots.empty:
        return empty
    spots = spots.sort_values(["fid", "day"])
    spots["first"] = ~spots["fid"].duplicated()
    out = spots.merge(found, on="fid")
    if "decision" not in out:
        out["decision"] = ""
    out["decision"] = out["decision"].fillna("").astype("str")
    out = out.assign(_rank=worst_first(out["severity"])).sort_values(
        ["day", "_rank", "rule", "fid"], kind="stable"
    )
    return out[list(FINDING_COLUMNS)].reset_index(drop=True)
