"""The edit model: an edit of the plan, its fields validated, tests added by hand."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from planner.config import SchoolConfig
from planner.errors import StorageError
from planner.i18n import Msg
from planner.model import COLUMNS


@dataclasses.dataclass(frozen=True, slots=True)
class Edit:
    """One edit of the plan: `fields` for an existing id (a move is `{"date": ...}`), a whole
    row for a new test (`id` None), or `delete`."""

    id: str | None
    fields: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    delete: bool = False


def edit_action(edits: Sequence[Edit]) -> str:
    if len(edits) > 1:
        return "edit"
    e = edits[0]
    if e.delete:
        return "delete"
    if e.id is None:
        return "add"
    return "move" if set(e.fields) == {"date"} else "edit"


EDITABLE_FIELDS = frozenset(COLUMNS) - {"id", "source", "row"}


def apply_fields(
    before: Mapping[str, Any], fields: Mapping[str, Any], config: SchoolConfig
) -> dict[str, Any]:
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise StorageError(Msg("edit_field", fields=", ".join(unknown)))
    row = {c: before.get(c) for c in COLUMNS}
    for key, value in fields.items():
        row[key] = _edit_value(key, value, config)
    if "kind" in fields and "weight" not in fields and before.get("kind"):
        row["weight"] = config.kinds[str(row["kind"])].weight
    return row


def _edit_value(key: str, value: Any, config: SchoolConfig) -> Any:
    if key in ("date", "announced"):
        if value is None or value == "":
            if key == "date":
                raise StorageError(Msg("edit_value", field=key, value=str(value)))
            return pd.NaT
        try:
            return pd.Timestamp(value).normalize()
        except (ValueError, TypeError):
            raise StorageError(Msg("edit_value", field=key, value=str(value))) from None
    if key == "kind":
        kind = config.kind_lookup().get(str(value).strip().casefold())
        if kind is None:
            raise StorageError(Msg("edit_value", field=key, value=str(value)))
        return kind
    if key in ("weight", "minutes", "period"):
        try:
            number = None if value is None or value == "" else float(value)
        except (ValueError, TypeError):
            raise StorageError(Msg("edit_value", field=key, value=str(value))) from None
        if number is not None and number < 0:
            raise StorageError(Msg("edit_value", field=key, value=str(value)))
        if key == "weight" and number is None:
            raise StorageError(Msg("edit_value", field=key, value=str(value)))
        return number
    if key == "locked":
        return bool(value)
    text = "" if value is None else str(value).strip()
    if key in ("group", "subject") and not text:
        raise StorageError(Msg("edit_value", field=key, value=text))
    return text


def hand_added_row(
    row_id: str, person: str, fields: Mapping[str, Any], config: SchoolConfig
) -> dict[str, Any]:
    """A test added by hand, as the store keeps it: the (validated) fields over blanks, the
    person as its source, its kind's weight unless one is given. The editor's draft uses it
    too, so that a draft and the saved plan are the same."""
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
) -> dict[str, Any]:
    """A test added by hand; its id (when not given) is `key`, unique to this change."""
    missing = [c for c in ("date", "group", "subject", "kind") if c not in fields]
    if missing:
        raise StorageError(Msg("edit_missing", fields=", ".join(missing)))
    given = {k: v for k, v in fields.items() if k != "id"}
    validated = apply_fields({}, given, config)
    row_id = str(fields.get("id") or "").strip() or key
    return hand_added_row(row_id, person, {k: validated[k] for k in given}, config)


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
