"""Reading school.toml's tables: each value checked for its type and bounded, each error naming
the file and the dotted key (planner/config.py says which keys there are and their defaults).

Every text (and key) is at most TEXT_LIMIT characters, every list or table at most ITEMS_LIMIT
entries, every number within the range its key gives (finite: no nan or inf), every date
within FIRST_DATE..LAST_DATE: a hostile or mistyped file gets a clear error, never a hang or a
huge allocation.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from planner.errors import ConfigError
from planner.i18n import Msg

ALL_GROUPS: tuple[str, ...] = ("*",)  # `groups` left out: every group
TEXT_LIMIT = 1000
ITEMS_LIMIT = 1000
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


class Reader:
    """Reads one TOML table, remembering the dotted key for error messages."""

    def __init__(self, source: str, table: Mapping[str, Any], key: str) -> None:
        self.source = source
        self.table = dict(table)
        self.key = key
        self.used: set[str] = set()
        for name in self.table:
            self.text(name, name)  # a key is a text too (kinds' names, column names)
        if len(self.table) > ITEMS_LIMIT:
            raise ConfigError(
                Msg("too_many", limit=ITEMS_LIMIT), source=source, column=short(key) or None
            )

    def path(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    def error(self, name: str, message: Msg, value: object = None) -> ConfigError:
        """The error naming the key and the value, both shortened to a readable line."""
        return ConfigError(
            message, source=self.source, column=short(self.path(name)), value=shown(value)
        )

    def get(self, name: str, default: Any = None) -> Any:
        self.used.add(name)
        return self.table.get(name, default)

    def text(self, name: str, value: str) -> str:
        """A text of at most TEXT_LIMIT characters (a 10 MB `reference` is refused)."""
        if len(value) > TEXT_LIMIT:
            raise self.error(name, Msg("too_long", limit=TEXT_LIMIT, length=len(value)))
        return value

    def texts(self, name: str, value: Any) -> list[str] | None:
        """A list of at most ITEMS_LIMIT texts (each bounded), or None when it is not one."""
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        if len(value) > ITEMS_LIMIT:
            raise self.error(name, Msg("too_many", limit=ITEMS_LIMIT))
        return [self.text(name, v) for v in value]

    def string(self, name: str, default: str) -> str:
        value = self.get(name, default)
        if not isinstance(value, str):
            raise self.error(name, Msg("text"), value)
        return self.text(name, value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.get(name, default)
        if not isinstance(value, bool):
            raise self.error(name, Msg("true_false"), value)
        return value

    def number(
        self, name: str, default: float, *, integer: bool = False, high: float, low: float = 0
    ) -> float | int:
        """A number in low..high (nan, inf and numbers out of range name the key)."""
        value = self.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(name, Msg("a_number"), value)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error(name, Msg("a_number"), value)
        if value < low:
            below = Msg("negative") if low == 0 else Msg("at_least", low=plain(low))
            raise self.error(name, below, value)
        if value > high:
            raise self.error(name, Msg("at_most", high=plain(high)), value)
        if integer:
            if float(value) != int(value):
                raise self.error(name, Msg("whole"), value)
            return int(value)
        return float(value)

    def date(self, name: str, default: dt.date | None = None, *, required: bool = False) -> Any:
        value = self.get(name, default)
        if value is None:
            if required:
                raise self.error(name, Msg("date_required"))
            return None
        return self.in_range(name, as_date(value, lambda: self.error(name, Msg("a_date"), value)))

    def in_range(self, name: str, day: dt.date) -> dt.date:
        if not FIRST_DATE <= day <= LAST_DATE:
            first, last = FIRST_DATE.isoformat(), LAST_DATE.isoformat()
            raise self.error(name, Msg("date_range", first=first, last=last), day.isoformat())
        return day

    def period(self, name: str, start: dt.date, end: dt.date, days: int, other: str) -> None:
        """`end` on or after `start`, at most `days` days later."""
        if end < start:
            raise self.error(name, Msg("before", other=other), end.isoformat())
        if (end - start).days > days:
            raise self.error(name, Msg("period_too_long", days=days), end.isoformat())

    def patterns(self, name: str) -> tuple[str, ...]:
        value = self.get(name, list(ALL_GROUPS))
        if isinstance(value, str):
            value = [value]
        texts = self.texts(name, value)
        if not texts:
            raise self.error(name, Msg("patterns"), value)
        return tuple(texts)

    def tables(self, name: str) -> list[Reader]:
        value = self.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(name, Msg("tables"), value)
        if len(value) > ITEMS_LIMIT:
            raise self.error(name, Msg("too_many", limit=ITEMS_LIMIT))
        return [Reader(self.source, v, f"{self.path(name)}[{i}]") for i, v in enumerate(value)]

    def sub(self, name: str) -> Reader:
        value = self.get(name, {})
        if not isinstance(value, dict):
            raise self.error(name, Msg("table"), value)
        return Reader(self.source, value, self.path(name))

    def finish(self) -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            raise self.error(unknown[0], Msg("unknown_key"))


def short(text: str, limit: int = 60) -> str:
    """A key or value as an error message shows it: a long one cut to its start."""
    return text if len(text) <= limit else text[:limit] + "…"


def shown(value: object) -> object:
    """A value as an error message shows it: itself, or the start of a long one (a 10 MB text,
    a number of hundreds of digits, a list of thousands of entries)."""
    if value is None or isinstance(value, str):
        return None if value is None else short(value)
    try:
        text = repr(value)
    except ValueError:  # an integer past Python's 4300 digits
        text = "…"
    return value if len(text) <= 60 else short(text)


def plain(number: float) -> str:
    """A bound as a reader writes it: 20, not 20.0."""
    return str(int(number)) if float(number).is_integer() else str(number)


def as_date(value: Any, error: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise error()
