"""The edit model: an edit of the plan, the rules for an edited value, new rows, copies."""

# One set of rules for every way a test is edited: the store (`planner db move`, applied
# suggestions, the Test week page) and the dashboard's editor validate through `validated`, so a
# value the editor's draft takes is the value the store saves. Each caller words a `Refused` in
# its own way (the store one line, the editor a message per cell naming the column).

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from planner.config import SchoolConfig
from planner.importers import repeat_keys
from planner.importers.common import FALSE_WORDS, TRUE_WORDS, parse_dates
from planner.model import COLUMNS, REQUIRED


@dataclasses.dataclass(frozen=True, slots=True)
class Edit:
    """One edit of the plan: `fields` for an existing id (a move is `{"date": ...}`), a whole
    row for a new test (`id` None), or `delete`."""

    id: str | None
    fields: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    delete: bool = False


# What an edit may change: all but the id and where the row came from.
EDITABLE_FIELDS = frozenset(COLUMNS) - {"id", "source", "row"}

Reason = Literal["unknown", "missing", "empty", "date", "kind", "number", "flag"]


class Refused(ValueError):
    """An edit that is not taken: the field, the value as given, and why.

    `unknown` (the field cannot be edited) and `missing` (a new test needs it) can concern
    several fields at once: `fields` names them all, `field` the first."""

    def __init__(self, field: str, value: Any, reason: Reason, fields: Sequence[str] = ()) -> None:
        super().__init__(f"{field}: {reason} ({value!r})")
        self.field, self.value, self.reason = field, value, reason
        self.fields = tuple(fields) or (field,)

    @property
    def shown(self) -> str:
        """The value as a message shows it ('' for a blank one)."""
        return "" if is_blank(self.value) else str(self.value)


def is_blank(value: Any) -> bool:
    """None, NaN, NaT, NA or text of only spaces."""
    if isinstance(value, str):
        return not value.strip()
    missing = pd.isna(value)
    return isinstance(missing, bool | np.bool_) and bool(missing)


def parse_date(field: str, value: Any, config: SchoolConfig) -> pd.Timestamp:
    """A day, as a teacher writes it (the importers' reading: 10-03-2026 is 10 March when the
    school writes the day first), or a date object."""
    if is_blank(value):
        raise Refused(field, value, "empty")
    if isinstance(value, dt.date | np.datetime64):  # pd.Timestamp and dt.datetime are dates too
        return pd.Timestamp(value).normalize()
    parsed = parse_dates(pd.Series([str(value)], dtype="str"), config.imports.day_first).iloc[0]
    if pd.isna(parsed):
        raise Refused(field, value, "date")
    return pd.Timestamp(parsed).normalize()


def parse_number(field: str, value: Any) -> float | None:
    """A number of 0 or more, with a decimal point or a Dutch decimal comma (`2,5`); None for a
    blank one."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            number = math.nan
    if math.isnan(number) or math.isinf(number) or number < 0:
        raise Refused(field, value, "number")
    return number


def parse_flag(field: str, value: Any) -> bool:
    """Yes or no, as a bool or a word (ja/nee, yes/no, 1/0, x); blank is no."""
    if is_blank(value):
        return False
    if isinstance(value, bool | int | float | np.bool_):
        return bool(value)
    text = str(value).strip().casefold()
    if text in TRUE_WORDS | FALSE_WORDS:
        return text in TRUE_WORDS
    raise Refused(field, value, "flag")


def parse_value(field: str, value: Any, config: SchoolConfig) -> Any:
    """One edited value as the plan keeps it; `Refused` when it cannot be."""
    if field == "date":
        return parse_date(field, value, config)
    if field == "announced":
        return pd.NaT if is_blank(value) else parse_date(field, value, config)
    if field == "kind":
        if is_blank(value):
            raise Refused(field, value, "empty")
        kind = config.kind_lookup().get(str(value).strip().casefold())
        if kind is None:
            raise Refused(field, value, "kind")
        return kind
    if field in ("weight", "minutes", "period"):
        return parse_number(field, value)
    if field == "locked":
        return parse_flag(field, value)
    text = "" if is_blank(value) else str(value).strip()
    if field == "group":  # as the importers write a group (normalise_group): `2 A` is `2A`
        text = "".join(text.split())
    if field in ("group", "subject") and not text:
        raise Refused(field, value, "empty")
    return text


def validated(
    fields: Mapping[str, Any], config: SchoolConfig, kind_now: str | None = None
) -> dict[str, Any]:
    """Edited values as the plan keeps them, in the plan's column order; `Refused` for a field
    that cannot be edited, else for the first bad value.

    `kind_now` is the row's kind before the edit (None for a new row): an emptied weight
    becomes the weight of the row's (new) kind, or is left out while that is not known."""
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise Refused(unknown[0], fields[unknown[0]], "unknown", unknown)
    out = {c: parse_value(c, fields[c], config) for c in COLUMNS if c in fields}
    if "weight" in out and out["weight"] is None:
        kind = out.get("kind", kind_now)
        if kind is None or kind not in config.kinds:
            del out["weight"]
        else:
            out["weight"] = config.kinds[kind].weight
    return out


def missing_fields(fields: Mapping[str, Any]) -> list[str]:
    """What a new test still needs (date, group, subject, kind), in that order."""
    return [c for c in REQUIRED if is_blank(fields.get(c))]


def apply_fields(
    before: Mapping[str, Any], fields: Mapping[str, Any], config: SchoolConfig
) -> dict[str, Any]:
    """A stored row with an edit's fields: validated, and a new kind with its own weight
    unless the edit gives one."""
    kind_now = before.get("kind")
    row = {c: before.get(c) for c in COLUMNS}
    row.update(validated(fields, config, str(kind_now) if kind_now else None))
    if "kind" in fields and "weight" not in fields and kind_now:
        row["weight"] = config.kinds[str(row["kind"])].weight
    return row


def hand_added_row(
    row_id: str, person: str, fields: Mapping[str, Any], config: SchoolConfig
) -> dict[str, Any]:
    """A test added by hand, as the store keeps it: the (validated) fields over blanks, the
    person as its source, its kind's weight unless one is given."""
    row: dict[str, Any] = {
        "id": row_id,
        "start": "",
        "end": "",
        "period": None,
        "weight": None,
        "minutes": None,
        "title": "",
        "teacher": "",
        "notes": "",
        "announced": pd.NaT,
        "locked": False,
        "source": f"({person.strip()})",
        "row": 0,
    }
    row.update(fields)
    if row["weight"] is None:
        row["weight"] = config.kinds[str(row["kind"])].weight
    return row


def new_row(
    fields: Mapping[str, Any], config: SchoolConfig, person: str, key: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A test added by hand: the row, and its given fields validated (what the store's edit
    says). Its id, when not given, is `key`. The store and the editor's draft both make their
    new rows here, so that a draft and the saved plan are the same."""
    missing = missing_fields(fields)
    if missing:
        raise Refused(missing[0], fields.get(missing[0]), "missing", missing)
    given = validated({k: v for k, v in fields.items() if k != "id"}, config)
    row_id = str(fields.get("id") or "").strip() or key
    return hand_added_row(row_id, person, given, config), given


def copies_in_other_files(rows: pd.DataFrame, others: pd.DataFrame) -> dict[int, list[int]]:
    """For each row of `rows` (by position), the positions in `others` of the rows that other
    files hold of the same test: the same id, or the same group, subject, kind and date (as
    `drop_repeats_across_files` finds them). In the order of `others`; rows without any are
    left out."""
    if rows.empty or others.empty:
        return {}
    keys = ["group", "subject", "kind", "date"]

    def marked(frame: pd.DataFrame, pos: str) -> pd.DataFrame:
        found = repeat_keys(frame).reset_index(drop=True)
        found["id"] = frame["id"].to_numpy()
        found["source"] = frame["source"].to_numpy()
        found[pos] = np.arange(len(frame))
        return found

    mine, theirs = marked(rows, "_mine"), marked(others, "_theirs")
    columns = ["_mine", "_theirs", "source", "source_other"]
    pairs = pd.concat(
        [mine.merge(theirs, on=on, suffixes=("", "_other"))[columns] for on in (keys, ["id"])]
    )
    pairs = pairs[pairs["source"] != pairs["source_other"]]
    pairs = pairs.drop_duplicates(["_mine", "_theirs"]).sort_values(["_mine", "_theirs"])
    out: dict[int, list[int]] = {}
    for row, other in zip(pairs["_mine"], pairs["_theirs"], strict=True):
        out.setdefault(int(row), []).append(int(other))
    return out


def edit_action(edits: Sequence[Edit]) -> str:
    """What history calls a change of these edits: a move, an add, a delete or an edit."""
    if len(edits) > 1:
        return "edit"
    e = edits[0]
    if e.delete:
        return "delete"
    if e.id is None:
        return "add"
    return "move" if set(e.fields) == {"date"} else "edit"


def brief(row: Mapping[str, Any]) -> dict[str, Any]:
    """What history shows of a test: enough to say 'wiskunde 2A from di 10 mrt to do 12 mrt'."""
    date = row.get("date")
    return {
        "date": pd.Timestamp(date).date().isoformat() if date is not None else None,
        "group": row.get("group"),
        "subject": row.get("subject"),
        "kind": row.get("kind"),
        "title": row.get("title") or "",
    }


__all__ = [
    "EDITABLE_FIELDS",
    "Edit",
    "Refused",
    "apply_fields",
    "brief",
    "copies_in_other_files",
    "edit_action",
    "hand_added_row",
    "is_blank",
    "missing_fields",
    "new_row",
    "parse_value",
    "validated",
]
