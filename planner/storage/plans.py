"""Making a plan, and the guard against a delivery that would wipe good rows.

A plan is made in the transaction of the write that needs it: its row, its first change and
its rules commit together with (say) its first upload, or not at all. So a failed or killed
first delivery leaves no empty plan behind, and writers that make the same new plan at the same
moment all succeed: one makes it, the others find it and write into it.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.errors import StorageError
from planner.i18n import Msg
from planner.storage.rows import parse_toml
from planner.storage.schema import VERSIONED, configs_t, plans_t
from planner.storage.versions import copy_rows, find_plan, plan_id_of, record_change


class FewerRows(StorageError):
    """A delivery refused because it holds far fewer rows than the stored rows it would
    replace (a file whose rows could not be read): nothing was changed. Storing it anyway
    takes `replace_anyway`."""

    def __init__(self, file_name: str, stored: int, new: int) -> None:
        super().__init__(Msg("fewer_rows", stored=stored, new=new), source=file_name)
        self.stored = stored
        self.new = new


def refuse_fewer_rows(file_name: str, replaced: int, new: int, replace_anyway: bool) -> None:
    """A delivery of `new` rows that replaces `replaced` stored rows: refused when it holds
    under half of them (none at all included), unless `replace_anyway`."""
    if not replace_anyway and replaced > 0 and 2 * new < replaced:
        raise FewerRows(file_name, replaced, new)


def new_plan_name(name: str) -> str:
    """A new plan's name, stripped; refused when empty or longer than the column holds."""
    name = name.strip()
    if not name or len(name) > 200:
        raise StorageError(Msg("plan_name"))
    return name


def check_new_plan(name: str, config_toml: str) -> str:
    """A new plan's name and rules checked before its transaction begins: the name."""
    name = new_plan_name(name)
    parse_toml(config_toml, name)
    return name


def make_plan(
    conn: Connection,
    name: str,
    *,
    person: str,
    at: dt.datetime,
    config_toml: str = "",
    copy_of: tuple[int, str] | None = None,
) -> int | None:
    """Make the plan in this transaction: its row, its first change and its rules, or with
    `copy_of` (the other plan's id and name) a what-if copy of that plan's live rows. Its id;
    None when a plan of this name exists, or another writer made one just now: PostgreSQL then
    waits for that writer's commit and reports the name taken, and only the insert is rolled
    back (a savepoint), this transaction goes on. (SQLite's writers take turns, so there the
    lookup finds the other writer's plan.)"""
    if find_plan(conn, name, lock=True) is not None:
        return None
    try:
        with conn.begin_nested():
            inserted = conn.execute(
                plans_t.insert().values(
                    name=name,
                    created_at=at,
                    created_by=person.strip()[:200] or "?",
                    copied_from=None if copy_of is None else copy_of[0],
                )
            )
    except sa.exc.IntegrityError:
        return None
    plan_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
    if copy_of is None:
        change = record_change(conn, plan_id, person, "create", {}, at)
        conn.execute(
            configs_t.insert().values(plan_id=plan_id, valid_from=change, toml=config_toml)
        )
        return plan_id
    change = record_change(conn, plan_id, person, "copy", {"from": copy_of[1]}, at)
    for table in VERSIONED:
        theirs = (table.c.plan_id == copy_of[0]) & table.c.valid_to.is_(None)
        copy_rows(conn, table, theirs, plan_id, change)
    return plan_id


def plan_for_write(
    conn: Connection, name: str, *, person: str, at: dt.datetime, create: str | None
) -> tuple[int, bool]:
    """The id of the plan a write goes to, locked, and whether this write made it: with
    `create` (the new plan's school.toml, checked by `check_new_plan`) a plan that does not
    exist yet is made in this transaction; without, a missing plan is refused."""
    if create is not None:
        made = make_plan(conn, name, person=person, at=at, config_toml=create)
        if made is not None:
            return made, True
    return plan_id_of(conn, name, lock=True), False
