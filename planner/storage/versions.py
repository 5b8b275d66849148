"""Versioned rows: the open write of one change, closing and copying rows, and undo.

A plan row is written by change `valid_from` and replaced or removed by change `valid_to`, so
the plan at any earlier change is a query (`live`), and undo is a new change that closes what
the undone change wrote and writes back what it closed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.errors import StorageError
from planner.i18n import Msg
from planner.storage.records import Change
from planner.storage.schema import VERSIONED, changes_t, plans_t


@dataclasses.dataclass(slots=True)
class Write:
    """The open transaction of one change."""

    conn: Connection
    plan_id: int
    change: int
    at: dt.datetime
    person: str
    action: str
    created: bool = False  # this write made the plan (its first delivery)

    def finish(self, detail: Mapping[str, Any]) -> Change:
        """Record what the change did (history shows it without reading the rows back), and
        the change it undoes, written only now that it is known to be one of this plan's."""
        undoes = detail.get("undoes")
        self.conn.execute(
            changes_t.update()
            .where(changes_t.c.id == self.change)
            .values(detail=json.dumps(dict(detail), ensure_ascii=False, default=str), undoes=undoes)
        )
        return Change(
            self.change, self.at, self.person, self.action, dict(detail), undoes,
            creates_plan=self.created,
        )  # fmt: skip


def record_change(
    conn: Connection,
    plan_id: int,
    person: str,
    action: str,
    detail: Mapping[str, Any],
    at: dt.datetime,
) -> int:
    """The new change's row (who, when, what); its id. A change needs a person."""
    person = person.strip()
    if not person:
        raise StorageError(Msg("no_person"))
    result = conn.execute(
        changes_t.insert().values(
            plan_id=plan_id,
            at=at,
            person=person[:200],
            action=action,
            detail=json.dumps(dict(detail), ensure_ascii=False),
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def find_plan(conn: Connection, plan: str, *, lock: bool = False) -> int | None:
    """The plan's id, None if there is no such plan; `lock`: held until the transaction ends
    (SQLite's `BEGIN IMMEDIATE` already locks the whole database, PostgreSQL locks the plan's
    row)."""
    query = sa.select(plans_t.c.id).where(plans_t.c.name == plan)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    plan_id = conn.execute(query).scalar()
    return None if plan_id is None else int(plan_id)


def plan_id_of(conn: Connection, plan: str, *, lock: bool = False) -> int:
    """The plan's id (see `find_plan`); a missing plan is refused, naming the plans there are."""
    plan_id = find_plan(conn, plan, lock=lock)
    if plan_id is None:
        names = conn.execute(sa.select(plans_t.c.name).order_by(plans_t.c.name)).scalars()
        raise StorageError(Msg("no_plan", plan=plan, known=", ".join(names) or "-"))
    return plan_id


def resolve(conn: Connection, plan_id: int, plan: str, at: int | dt.datetime | None) -> int:
    """The change id the plan is read at: the newest, a given id (one of this plan's
    changes), or the last before a moment."""
    where = changes_t.c.plan_id == plan_id
    if isinstance(at, dt.datetime):
        where = where & (changes_t.c.at <= at)
    elif at is not None:
        if conn.execute(sa.select(changes_t.c.id).where(where & (changes_t.c.id == at))).first():
            return at
        raise StorageError(Msg("no_change", change=at, plan=plan))
    change = conn.execute(sa.select(sa.func.max(changes_t.c.id)).where(where)).scalar()
    if change is None:
        raise StorageError(Msg("before_plan", plan=plan, at=str(at)))
    return int(change)


def live(table: sa.Table, plan_id: int, change: int | None) -> sa.ColumnElement[bool]:
    """Rows of the plan current at `change` (None: now)."""
    if change is None:
        return (table.c.plan_id == plan_id) & table.c.valid_to.is_(None)
    return (
        (table.c.plan_id == plan_id)
        & (table.c.valid_from <= change)
        & (table.c.valid_to.is_(None) | (table.c.valid_to > change))
    )


def close_rows(w: Write, table: sa.Table, where: sa.ColumnElement[bool]) -> int:
    """Mark rows as replaced or removed by this change; returns how many."""
    result = w.conn.execute(
        table.update().where((table.c.plan_id == w.plan_id) & where).values(valid_to=w.change)
    )
    return int(result.rowcount)


def copy_rows(
    conn: Connection, table: sa.Table, where: sa.ColumnElement[bool], plan_id: int, change: int
) -> int:
    """Write the rows `where` selects again, as current rows of `plan_id` written by `change`
    (undo brings back what was closed; a what-if copy takes another plan's live rows)."""
    data = [c for c in table.c if c.name not in ("version", "plan_id", "valid_from", "valid_to")]
    select = sa.select(sa.literal(plan_id), sa.literal(change), *data).where(where)
    names = ["plan_id", "valid_from", *(c.name for c in data)]
    result = conn.execute(table.insert().from_select(names, select))
    return int(result.rowcount)


def undo_change(w: Write, change_id: int, plan: str) -> Change:
    """Undo one change of this plan (an upload, an edit, a decision, a config, even an undo)
    by this change. Refused when a later change already replaced what it wrote."""
    target = w.conn.execute(
        sa.select(changes_t.c.action).where(
            (changes_t.c.id == change_id)
            & (changes_t.c.plan_id == w.plan_id)
            & (changes_t.c.id < w.change)
        )
    ).scalar()
    if target is None:
        raise StorageError(Msg("no_change", change=change_id, plan=plan))
    if target in ("create", "copy"):
        raise StorageError(Msg("undo_create", change=change_id))
    for table in VERSIONED:
        later = w.conn.execute(
            sa.select(sa.func.min(table.c.valid_to)).where(
                (table.c.plan_id == w.plan_id)
                & (table.c.valid_from == change_id)
                & table.c.valid_to.is_not(None)
            )
        ).scalar()
        if later is not None:
            raise StorageError(Msg("undo_conflict", change=change_id, later=later))
    counts = {}
    for table in VERSIONED:
        undone = close_rows(
            w, table, (table.c.valid_from == change_id) & table.c.valid_to.is_(None)
        )
        mine = (table.c.plan_id == w.plan_id) & (table.c.valid_to == change_id)
        restored = copy_rows(w.conn, table, mine, w.plan_id, w.change)
        if undone or restored:
            counts[table.name] = {"removed": undone, "restored": restored}
    detail = {"undoes": change_id, "action": target, "tables": counts}
    return w.finish(detail)
