"""School days, holidays, breaks, test weeks and make-up days of one school year or term.

Public holidays and the region's school holidays come from the `holidays` package
(Netherlands, categories PUBLIC + SCHOOL); `days_off` and extra holidays from school.toml come on
top. Everything is precomputed as arrays so that the rules can merge instead of loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import holidays as holidays_pkg
import numpy as np
import pandas as pd

from planner.config import SchoolConfig, matches_any
from planner.i18n import Lang, catalogue

_T = catalogue(
    __name__,
    {
        # the language of the holidays package's names ("Kerstvakantie", "Christmas Holidays")
        "holidays_language": {"nl": "nl", "en": "en_US"},
        "day_off": {"nl": "studiedag", "en": "day off"},
    },
)

# Days before `start` we look at, so that the summer holiday before the first school day counts
# as a break (the first days of the year are "after a holiday").
_LOOKBACK_DAYS = 120


class SchoolCalendar:
    """The school days between `config.start` and `config.end` and what lies between them."""

    def __init__(self, config: SchoolConfig) -> None:
        if config.start is None or config.end is None:
            raise ValueError("SchoolCalendar needs a start and end; use config.with_period()")
        self.config = config
        self.start = config.start
        self.end = config.end
        first = self.start - dt.timedelta(days=_LOOKBACK_DAYS)
        days = pd.date_range(first, self.end + dt.timedelta(days=1), freq="D", unit="us")
        names = self._holiday_names(first, self.end + dt.timedelta(days=1))
        name_per_day = pd.Series([names.get(d.date(), "") for d in days], index=days, dtype="str")
        weekend = days.day_of_week >= 5
        off = name_per_day.to_numpy() != ""
        # "school-like": a weekday that is no holiday or day off; outside start..end too.
        school_like = ~weekend & ~off
        in_period = (days >= pd.Timestamp(self.start)) & (days <= pd.Timestamp(self.end))
        self._days = days
        self._names = name_per_day
        self._school_like = school_like
        self.school_days: pd.DatetimeIndex = days[school_like & in_period]
        self.breaks = self._find_breaks(days, school_like, name_per_day)
        self._spans: dict[tuple[str, ...], pd.DataFrame] = {}

    # --- holidays ----------------------------------------------------------------------------

    def _holiday_names(self, first: dt.date, last: dt.date) -> dict[dt.date, str]:
        years = list(range(first.year, last.year + 1))
        region = self.config.region.capitalize()
        lang: Lang = "nl" if self.config.language == "nl" else "en"  # English for any other
        package = holidays_pkg.country_holidays(
            "NL",
            subdiv=region,
            categories=(holidays_pkg.PUBLIC, holidays_pkg.SCHOOL),
            years=years,
            language=_T["holidays_language"][lang],
        )
        names: dict[dt.date, str] = {d: str(n) for d, n in package.items() if first <= d <= last}
        day_off = _T["day_off"][lang]
        for day in self.config.days_off:
            names[day] = names.get(day) or day_off
        for holiday in self.config.holidays:
            for day in pd.date_range(holiday.start, holiday.end, freq="D"):
                names[day.date()] = holiday.name
        return names

    @staticmethod
    def _find_breaks(
        days: pd.DatetimeIndex, school_like: np.ndarray, names: pd.Series
    ) -> pd.DataFrame:
        """Maximal runs of days without school: a weekend, or a holiday with its weekends."""
        free = ~school_like
        edges = np.diff(np.concatenate(([0], free.astype(np.int8), [0])))
        starts = np.flatnonzero(edges == 1)
        ends = np.flatnonzero(edges == -1) - 1
        rows = []
        for s, e in zip(starts, ends, strict=True):
            run_names = [n for n in names.iloc[s : e + 1] if n]
            # The longest-named part of a run ("Kerstvakantie; Nieuwjaarsdag" -> Kerstvakantie).
            parts = [p.strip() for n in run_names for p in n.split(";")]
            # Most frequent name; on a tie the first one in the run, so messages are stable.
            name = max(parts, key=parts.count) if parts else ""
            rows.append((days[int(s)], days[int(e)], int(e - s + 1), name))
        return pd.DataFrame(rows, columns=["start", "end", "length", "name"])

    def holiday_name(self, day: dt.date) -> str:
        """The holiday or day-off name of a day, or '' for a school day or plain weekend."""
        ts = pd.Timestamp(day)
        return str(self._names.get(ts, "")) if ts in self._names.index else ""

    # --- school days -------------------------------------------------------------------------

    def is_school_day(self, dates: pd.Series) -> pd.Series:
        return dates.isin(self.school_days)

    def school_index(self, dates: pd.Series) -> pd.Series:
        """Position of each date among the school days (0-based); NaN for other days."""
        pos = self.school_days.get_indexer(pd.DatetimeIndex(dates))
        return pd.Series(np.where(pos >= 0, pos, np.nan), index=dates.index)

    def index_on_or_after(self, dates: pd.Series) -> pd.Series:
        """Index of the first school day on or after each date (len(school_days) if none)."""
        pos = self.school_days.searchsorted(pd.DatetimeIndex(dates), side="left")
        return pd.Series(pos, index=dates.index)

    def running_on(self, day: dt.date) -> bool:
        """Whether `day` is within the school year (its first to its last day)."""
        return self.start <= day <= self.end

    def school_days_after(self, day: dt.date, n: int) -> list[dt.date]:
        """The first `n` school days after `day` (not counting `day` itself)."""
        i = int(self.school_days.searchsorted(pd.Timestamp(day), side="right"))
        return [d.date() for d in self.school_days[i : i + n]]

    def school_days_before(self, day: dt.date, n: int) -> list[dt.date]:
        """The last `n` school days before `day` (not counting `day` itself)."""
        i = int(self.school_days.searchsorted(pd.Timestamp(day), side="left"))
        return [d.date() for d in self.school_days[max(0, i - n) : i]]

    def holiday_breaks(self, min_length: int) -> pd.DataFrame:
        """Breaks of at least `min_length` calendar days that end inside the period."""
        b = self.breaks
        keep = (b["length"] >= min_length) & (b["end"] < pd.Timestamp(self.end))
        keep &= b["end"] >= pd.Timestamp(self.start) - pd.Timedelta(days=1)
        return b[keep].reset_index(drop=True)

    # --- test weeks and make-up days per group -----------------------------------------------

    def test_week_days(self, groups: Iterable[str]) -> pd.DataFrame:
        """(group, date, test_week) for every school day in a test week of that group."""
        frames = []
        groups = list(groups)
        for week in self.config.test_weeks:
            hit = [g for g in groups if matches_any(g, week.groups)]
            span = self.school_days[
                (self.school_days >= pd.Timestamp(week.start))
                & (self.school_days <= pd.Timestamp(week.end))
            ]
            if not hit or len(span) == 0:
                continue
            frames.append(
                pd.DataFrame(
                    {
                        "group": np.repeat(hit, len(span)),
                        "date": np.tile(span.to_numpy(), len(hit)),
                        "test_week": week.name,
                    }
                )
            )
        if not frames:
            return pd.DataFrame(
                {
                    "group": pd.Series([], dtype="str"),
                    "date": pd.Series([], dtype="datetime64[us]"),
                    "test_week": pd.Series([], dtype="str"),
                }
            )
        out = pd.concat(frames, ignore_index=True)
        return out.drop_duplicates(["group", "date"]).reset_index(drop=True)

    def test_week_spans(self, groups: Iterable[str]) -> pd.DataFrame:
        """(group, test_week, first, last) school-day index of each test week per group."""
        key = tuple(groups)
        if key not in self._spans:  # the rules before and after a test week share it
            days = self.test_week_days(key)
            days["idx"] = self.school_index(days["date"])
            self._spans[key] = (
                days.groupby(["group", "test_week"], as_index=False)
                .agg(first=("idx", "min"), last=("idx", "max"), start=("date", "min"))
                .astype({"first": "int64", "last": "int64"})
            )
        return self._spans[key].copy()

    def makeup_days(self, groups: Iterable[str]) -> pd.DataFrame:
        """(group, date) for each planned make-up moment of that group on a school day."""
        groups = list(groups)
        rows = [
            (g, pd.Timestamp(m.date))
            for m in self.config.makeup_days
            for g in groups
            if matches_any(g, m.groups)
        ]
        out = pd.DataFrame(rows, columns=["group", "date"]).astype(
            {"group": "str", "date": "datetime64[us]"}
        )
        return out[self.is_school_day(out["date"])].reset_index(drop=True)
